// Shared bits of the command-line tools: argument parsing, the default database, progress bars.
import { existsSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const DEFAULT_DB_FILE = path.join(ROOT, "data", "grip.sqlite");

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${DEFAULT_DB_FILE}`;
}

export function dbFileOf(url: string): string | null {
  return url.startsWith("file:") ? path.resolve(ROOT, url.slice("file:".length)) : null;
}

/** Applies committed migrations to a database (idempotent). */
export function migrate(url: string): void {
  const r = spawnSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed:\n${r.stdout}\n${r.stderr}`);
}

export function requireExistingDb(url: string): void {
  const file = dbFileOf(url);
  if (file && !existsSync(file)) {
    fail(`no database at ${file}: run \`npm run demo\` first, or set DATABASE_URL`);
  }
}

export type Args = Record<string, string | boolean>;

/** --name value / --flag; unknown options are refused so a typo cannot pass silently. */
export function parseArgs(argv: string[], known: { values: string[]; flags: string[] }): { args: Args; rest: string[] } {
  const args: Args = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) { rest.push(a); continue; }
    const [name, inline] = a.slice(2).split("=", 2);
    if (known.flags.includes(name)) { args[name] = true; continue; }
    if (!known.values.includes(name)) fail(`unknown option --${name} (known: ${[...known.values, ...known.flags].map((k) => "--" + k).join(" ")})`);
    const v = inline ?? argv[++i];
    if (v === undefined || v.startsWith("--")) fail(`--${name} needs a value`);
    args[name] = v;
  }
  return { args, rest };
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/** A one-line progress bar on a terminal; plain periodic lines elsewhere (CI logs). */
export class ProgressBar {
  private last = 0;
  constructor(private label: string, private stream: NodeJS.WriteStream = process.stderr) {}
  update(done: number, total: number | null, extra = ""): void {
    const now = Date.now();
    const tty = this.stream.isTTY;
    if (!tty && now - this.last < 2000 && done !== total) return;
    this.last = now;
    const width = 30;
    const frac = total ? Math.min(1, done / total) : 0;
    const bar = total ? "█".repeat(Math.round(frac * width)).padEnd(width, "░") : "".padEnd(width, "·");
    const pct = total ? `${(frac * 100).toFixed(0).padStart(3)}%` : "    ";
    const line = `${this.label} ${bar} ${pct} ${done.toLocaleString("en-GB")}${total ? "/" + total.toLocaleString("en-GB") : ""} ${extra}`;
    if (tty) this.stream.write(`\r${line}\x1b[K`);
    else this.stream.write(`${line}\n`);
  }
  done(message = ""): void {
    if (this.stream.isTTY) this.stream.write("\n");
    if (message) this.stream.write(`${message}\n`);
  }
}
