// docs/kpis.md bundled into the server build (Vite ?raw), so the help texts ship with the app.
import kpiDoc from "../../../docs/kpis.md?raw";
import { definitions } from "./definitions";

export function kpiDefinitions(ids: readonly string[]) {
  return definitions(kpiDoc, ids);
}
