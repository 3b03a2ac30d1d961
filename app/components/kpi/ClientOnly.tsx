// Renders its children only after hydration (charts need the browser); a placeholder of the same
// height before, so the page does not jump.
import { useEffect, useState, type ReactNode } from "react";

export function ClientOnly({ height, children }: { height: number; children: () => ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? <>{children()}</> : <div style={{ height }} />;
}
