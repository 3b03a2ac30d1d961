// A brand-new SQLite database for one test: its own file under the OS temp dir, with every
// migration applied through Prisma's own CLI (`prisma migrate deploy`, the same path production
// takes). Usage:
//   const { url, path } = await freshDatabase();   // url = "file:/tmp/grip-db-XXXX/grip.sqlite"
//   process.env.DATABASE_URL = url  (or pass it in the app server's env)
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const root = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);

export async function freshDatabase(): Promise<{ url: string; path: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "grip-db-"));
  const file = path.join(dir, "grip.sqlite");
  const url = `file:${file}`;
  try {
    await run(process.platform === "win32" ? "npx.cmd" : "npx", ["prisma", "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed for ${url}: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
  return { url, path: file };
}
