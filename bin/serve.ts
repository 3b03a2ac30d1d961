// Serves the BUILT Remix app (`npx remix vite:build` -> build/) on node:http: static files from
// build/client (long-lived cache for /assets/, which are content-hashed) and everything else
// through Remix's request handler, with a small IncomingMessage -> Fetch Request adapter.
//
//   node --import tsx bin/serve.ts --host 127.0.0.1 --port 3000 [--exit-with-stdin]
//
// The environment must be complete before start: the app validates it when its server bundle
// is imported. test/helpers/app-server.ts (startAppServer) runs this file as a child process and
// waits for the line `GRIP_SERVER_READY {"url":...}` on stdout. --exit-with-stdin makes the
// server exit when its parent goes away (stdin closes), so a crashed test leaves no server behind.
//
// After listen() it records the bound address under Symbol.for("grip.server.boundAddress"):
// app/modules/auth.server.ts lets the demo shop in without a session token only when that
// address is a loopback one (and GRIP_MODE=demo with GRIP_DEMO_SHOP set). Keep the key in step
// with DEMO_BOUND_ADDRESS_KEY there.
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";

const root = path.resolve(import.meta.dirname, "..");
const clientDir = path.join(root, "build", "client");
const serverEntry = path.join(root, "build", "server", "index.js");

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

/** A file under build/client for this URL path, or null (never escapes the directory). */
function staticFile(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = path.resolve(clientDir, `.${path.posix.normalize(decoded)}`);
  if (!file.startsWith(clientDir + path.sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, file: string, urlPath: string) {
  const size = statSync(file).size;
  res.statusCode = 200;
  res.setHeader("Content-Type", CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream");
  res.setHeader("Content-Length", size);
  res.setHeader("Cache-Control", urlPath.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function toRequest(req: http.IncomingMessage, res: http.ServerResponse, fallbackHost: string): Request {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? fallbackHost}`);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url.href, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as unknown as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

async function sendResponse(res: http.ServerResponse, response: Response, method: string | undefined) {
  res.statusCode = response.status;
  res.statusMessage = response.statusText || http.STATUS_CODES[response.status] || "";
  const cookies = response.headers.getSetCookie();
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    res.appendHeader(key, value);
  }
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body || method === "HEAD") {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((r) => res.once("drain", r));
    }
  } finally {
    res.end();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: process.env.PORT ?? "3000" },
      "exit-with-stdin": { type: "boolean", default: false },
    },
  });
  if (!existsSync(serverEntry)) {
    throw new Error(`${path.relative(root, serverEntry)} is missing: run \`npx remix vite:build\` first`);
  }
  process.env.NODE_ENV ??= "production";
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  const host = values.host!;
  const fallbackHost = `${host.includes(":") ? `[${host}]` : host}:${values.port}`;

  const server = http.createServer(async (req, res) => {
    try {
      const urlPath = (req.url ?? "/").split("?")[0];
      if ((req.method === "GET" || req.method === "HEAD") && urlPath !== "/") {
        const file = staticFile(urlPath);
        if (file) return serveStatic(req, res, file, urlPath);
      }
      const response = await handle(toRequest(req, res, fallbackHost));
      await sendResponse(res, response, req.method);
    } catch (err) {
      console.error(err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end("Internal Server Error");
      } else {
        res.destroy(err as Error);
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(values.port), host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  (globalThis as Record<symbol, unknown>)[Symbol.for("grip.server.boundAddress")] = address.address;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  console.log(`GRIP_SERVER_READY ${JSON.stringify({ url })}`);

  const shutdown = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  if (values["exit-with-stdin"]) {
    process.stdin.on("end", shutdown);
    process.stdin.on("close", shutdown);
    process.stdin.resume();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
