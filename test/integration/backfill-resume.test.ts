// Killing the backfill half-way (SIGKILL, no clean-up) and starting it again must end in the same
// database as a run that was never interrupted: same rows, same values, nothing twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { exchangeOfflineToken } from "../helpers/token";
import { startStandin, type Standin } from "../standin/server";
import { loadOnlineRetail } from "../standin/online-retail";

const SHOP = "online-retail-demo.myshopify.com";
const API_KEY = "grip-resume-test-key";
const API_SECRET = "grip-resume-test-secret";
const root = path.resolve(import.meta.dirname, "../..");

let standin: Standin;
let accessToken: string;
const dbs: PrismaClient[] = [];

beforeAll(async () => {
  const { dataset } = await loadOnlineRetail();
  // December 2010 only: about 1,700 orders, enough for many batches.
  dataset.orders = dataset.orders.filter((o) => o.processedAt < "2011-01-01");
  standin = await startStandin({ datasets: [dataset], apiKey: API_KEY, apiSecret: API_SECRET });
  accessToken = await exchangeOfflineToken(standin, SHOP, API_KEY, API_SECRET);
}, 300_000);

afterAll(async () => {
  await standin?.close();
  for (const d of dbs) await d.$disconnect();
});

function runChild(databaseUrl: string, opts: { killWhen?: (db: PrismaClient) => Promise<boolean>; db?: PrismaClient } = {}): Promise<"done" | "killed"> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "test/helpers/backfill-child.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, STANDIN_URL: standin.url, SHOP, ACCESS_TOKEN: accessToken, BATCH_LINES: "500" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: the kill reaches tsx's node child too
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    let killed = false;
    const timer = opts.killWhen && setInterval(async () => {
      if (!killed && (await opts.killWhen!(opts.db!))) {
        killed = true;
        process.kill(-child.pid!, "SIGKILL");
      }
    }, 20);
    child.on("exit", (code) => {
      if (timer) clearInterval(timer);
      if (killed) resolve("killed");
      else if (code === 0) resolve("done");
      else reject(new Error(`backfill child exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Every fact row, in a stable order, without the bookkeeping timestamps of the write itself. */
async function snapshot(db: PrismaClient) {
  const strip = <T extends Record<string, unknown>>(rows: T[], ...keys: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k))));
  return {
    orders: strip(await db.order.findMany({ orderBy: { id: "asc" } }), "syncedAt"),
    lines: await db.orderLine.findMany({ orderBy: { id: "asc" } }),
    shipping: await db.shippingLine.findMany({ orderBy: { id: "asc" } }),
    refunds: await db.refund.findMany({ orderBy: { id: "asc" } }),
    refundLines: await db.refundLine.findMany({ orderBy: { id: "asc" } }),
  };
}

test("a backfill killed mid-stream and restarted equals an uninterrupted one", async () => {
  const a = await freshDatabase();
  const dbA = createDb(a.url);
  dbs.push(dbA);
  expect(await runChild(a.url)).toBe("done");
  const reference = await snapshot(dbA);
  expect(reference.orders.length).toBeGreaterThan(1000);
  expect(reference.refundLines.length).toBeGreaterThan(100);

  const b = await freshDatabase();
  const dbB = createDb(b.url);
  dbs.push(dbB);
  // Kill once a few batches of the file are stored, well before the end.
  const outcome = await runChild(b.url, {
    db: dbB,
    killWhen: async (db) => {
      const s = await db.syncState.findFirst({ where: { shop: SHOP } });
      return !!s && s.linesProcessed >= 2000;
    },
  });
  expect(outcome).toBe("killed");
  const half = await dbB.syncState.findFirstOrThrow({ where: { shop: SHOP } });
  expect(half.status).toBe("running");
  expect(half.linesProcessed).toBeLessThan(half.objectsTotal!);
  expect(await dbB.order.count()).toBeLessThan(reference.orders.length);

  expect(await runChild(b.url)).toBe("done");
  const resumed = await snapshot(dbB);
  expect(resumed).toEqual(reference);
  const done = await dbB.syncState.findFirstOrThrow({ where: { shop: SHOP } });
  expect([done.status, done.linesProcessed]).toEqual(["completed", done.objectsTotal]);
  // The restart continued the same bulk operation instead of starting a new one.
  expect(done.bulkOperationId).toBe(half.bulkOperationId);
});
