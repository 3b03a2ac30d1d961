// Runs the BUILT Grip app over HTTP, for tests and the demo.
//
//   import { startAppServer } from "../helpers/app-server";
//   const app = await startAppServer({ port: 0, host: "127.0.0.1", env: { GRIP_MODE: "demo", DATABASE_URL, ... } });
//   // app.url === "http://127.0.0.1:<port>"
//   await app.close();
//
// startAppServer({ port, host, env }): Promise<{ url, close }>
//   port  0 = pick a free port (the app learns its URL: SHOPIFY_APP_URL defaults to `url`).
//   host  the address to bind; "127.0.0.1" (loopback) is the only host the demo shop works on.
//   env   the app's environment (GRIP_MODE, DATABASE_URL, SHOPIFY_API_KEY, ...). It is merged over
//         this process's environment (minus vitest's variables) in a CHILD process, because the
//         app validates its environment once, when its server bundle is imported; each server
//         therefore gets exactly the env it was given, and several can run side by side.
//   close() stops the child (SIGTERM, then SIGKILL after 5 s).
//
// The app is built (`npx remix vite:build`) first when build/server/index.js is missing or older
// than the newest file under app/ (or vite.config.ts, tsconfig.json, package-lock.json), so
// repeated test runs and `npm run demo` do not rebuild every time. Concurrent callers share one
// build through a lock directory. The child is bin/serve.ts; its stdout/stderr are forwarded to
// this process's stderr with an "[app]" prefix.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export interface AppServerOptions {
  port: number;
  host: string;
  env: Record<string, string | undefined>;
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..", "..");
const serverEntry = path.join(root, "build", "server", "index.js");
const lockDir = path.join(root, ".cache", "grip-build.lock");

function newestMtime(p: string): number {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function buildIsStale(): boolean {
  if (!existsSync(serverEntry)) return true;
  const built = statSync(serverEntry).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, "app")),
    ...["vite.config.ts", "tsconfig.json", "package-lock.json"].map((f) => newestMtime(path.join(root, f))),
  );
  return sources > built;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Build the app when the build is missing or stale; one builder at a time. */
export async function ensureBuild(): Promise<void> {
  if (!buildIsStale()) return;
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // Someone else is building: wait for them, then re-check. A lock older than 10 min is stale.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 10 * 60_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // the lock went away meanwhile
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lockDir}`);
      await sleep(500);
    }
  }
  try {
    if (!buildIsStale()) return;
    const result = spawnSync("npx", ["remix", "vite:build"], { cwd: root, encoding: "utf8", env: withoutVitest(process.env) });
    if (result.status !== 0) {
      throw new Error(`npx remix vite:build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function withoutVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = {} as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || k.startsWith("VITEST") || k === "TEST" || k === "NODE_ENV") continue;
    out[k] = v;
  }
  return out;
}

/** A port that was free a moment ago on `host` (to tell a peer the app's URL before it starts). */
export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function forward(stream: NodeJS.ReadableStream, onLine: (line: string) => void) {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
  stream.on("end", () => buffer && onLine(buffer));
}

export async function startAppServer({ port, host, env }: AppServerOptions): Promise<AppServer> {
  await ensureBuild();
  const chosenPort = port === 0 ? await freePort(host) : port;
  const expectedUrl = `http://${host.includes(":") ? `[${host}]` : host}:${chosenPort}`;
  const childEnv: NodeJS.ProcessEnv = { ...withoutVitest(process.env), NODE_ENV: "production", SHOPIFY_APP_URL: expectedUrl };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }

  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "bin", "serve.ts"), "--host", host, "--port", String(chosenPort), "--exit-with-stdin"],
    { cwd: root, env: childEnv, stdio: ["pipe", "pipe", "pipe"] },
  );
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 50) recent.shift();
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`app server did not start within 60 s:\n${recent.join("\n")}`));
    }, 60_000);
    let ready = false;
    forward(child.stdout!, (line) => {
      const m = /^GRIP_SERVER_READY (.*)$/.exec(line);
      if (m && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve((JSON.parse(m[1]) as { url: string }).url);
        return;
      }
      remember(line);
      process.stderr.write(`[app] ${line}\n`);
    });
    forward(child.stderr!, (line) => {
      remember(line);
      process.stderr.write(`[app] ${line}\n`);
    });
    child.once("exit", (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`app server exited before it was ready (code ${code}, signal ${signal}):\n${recent.join("\n")}`));
    });
  });

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      });
      return closed;
    },
  };
}
