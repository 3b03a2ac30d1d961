// Sync status: every source (orders backfill, catalog, reconciliation, webhook queue) with last
// success, lag, progress and last error, through the module, `npm run sync -- --status`, and the
// /app/sync page of the built app (real session-token auth). Also `--reconcile` from the CLI,
// which calls the stand-in with the shop's offline session like the app does.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backfillAndDrain } from "../../app/modules/sync/install";
import { syncStatus, type SyncStatus } from "../../app/modules/sync/status";
import { freePort, startAppServer, type AppServer } from "../helpers/app-server";
import { CHROME_USER_AGENT } from "../browser/chromium";
import { TINY_SHOP, line, order, tinyShop } from "../fixtures/tiny-shop";
import { startHarness, type Harness } from "./harness";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const API_KEY = "grip-sync-harness-key";
const API_SECRET = "grip-sync-harness-secret";

let h: Harness;
let app: AppServer;
let appEnv: Record<string, string>;

async function cli(...args: string[]): Promise<string> {
  const env: Record<string, string | undefined> = { ...process.env, ...appEnv };
  for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "NODE_ENV") delete env[k];
  const { stdout } = await run("npx", ["tsx", "bin/sync.ts", ...args], { cwd: root, env: env as NodeJS.ProcessEnv, maxBuffer: 10 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  const port = await freePort("127.0.0.1");
  const appUrl = `http://127.0.0.1:${port}`;
  // No webhooks from the stand-in (no appUrl): the queue holds only the events the test records.
  h = await startHarness(tinyShop());
  appEnv = {
    GRIP_MODE: "test", DATABASE_URL: h.dbUrl, SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: appUrl, GRIP_SHOPIFY_ENDPOINT: h.standin.url, GRIP_RECONCILE_INTERVAL_MINUTES: "0",
  };
  app = await startAppServer({ port, host: "127.0.0.1", env: appEnv });
}, 600_000);

afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe("sync status", () => {
  test("lists every source before anything ran", async () => {
    const s = await syncStatus(h.db, TINY_SHOP);
    expect(s.sources.map((x) => [x.source, x.status, x.lastSuccessAt, x.progress])).toEqual([
      ["orders_backfill", "never", null, null],
      ["catalog", "never", null, null],
      ["orders_reconcile", "never", null, null],
      ["inventory_snapshot", "never", null, null],
    ]);
    expect(s.webhooks).toMatchObject({ queued: 0, processed: 0, failed: 0, lagSeconds: 0, lastError: null });
  });

  test("after the backfill: progress, last success and the webhook queue, from the CLI", async () => {
    await backfillAndDrain(h.db, h.deps, h.ctx, { pollIntervalMs: 20 });
    // A failed event and a waiting one, received 90 s ago (the queue's lag).
    const ninetyAgo = new Date(Date.now() - 90_000);
    await h.db.webhookEvent.create({ data: { eventId: "e-failed", shop: TINY_SHOP, topic: "orders/updated", webhookId: "w1", status: "failed", payload: "{}", error: "order 9 not found", processedAt: new Date(), receivedAt: ninetyAgo } });
    await h.db.webhookEvent.create({ data: { eventId: "e-queued", shop: TINY_SHOP, topic: "orders/create", webhookId: "w2", status: "queued", payload: "{}", receivedAt: ninetyAgo } });

    const s = JSON.parse(await cli("--shop", TINY_SHOP, "--status", "--json")) as SyncStatus;
    // Orders file: 5 orders + 7 lines + 2 shipping lines = 14 objects; catalog: 3 products + 3 variants.
    expect(s.sources.map((x) => [x.source, x.status, x.progress, x.lastError])).toEqual([
      ["orders_backfill", "completed", { done: 14, total: 14 }, null],
      ["catalog", "completed", { done: 6, total: 6 }, null],
      ["orders_reconcile", "never", null, null],
      ["inventory_snapshot", "never", null, null],
    ]);
    for (const x of s.sources.slice(0, 2)) {
      expect(x.lastSuccessAt).not.toBeNull();
      expect(x.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(x.lagSeconds).toBeLessThan(600);
    }
    expect(s.webhooks).toMatchObject({ queued: 1, failed: 1, processed: 0, lastError: { topic: "orders/updated", error: "order 9 not found" } });
    expect(s.webhooks.lagSeconds).toBeGreaterThanOrEqual(90);

    const text = await cli("--shop", TINY_SHOP, "--status");
    expect(text).toContain("Orders backfill");
    expect(text).toMatch(/Orders backfill\s+completed\s+last success \S+ \(lag \d+s\), progress 14\/14/);
    expect(text).toMatch(/Orders reconciliation\s+never\s+last success never/);
    expect(text).toContain("1 queued (lag");
    expect(text).toContain("last error (orders/updated): order 9 not found");
  }, 120_000);

  test("the CLI reconciles with the shop's offline session and the status shows it", async () => {
    // Grip's offline session, as the app stores it after the token exchange.
    await h.db.session.create({ data: { id: `offline_${TINY_SHOP}`, shop: TINY_SHOP, state: "", isOnline: false, accessToken: h.accessToken, scope: "read_orders,read_all_orders,read_products,read_inventory" } });
    await h.standin.createOrder(TINY_SHOP, order(1007, "2011-04-01T10:00:00Z", [line("MUG", 1, undefined, 70)]), { silent: true });
    const out = await cli("--shop", TINY_SHOP, "--reconcile");
    expect(out).toMatch(/1 changed orders listed, 1 refetched, 1 repaired/);
    expect(await h.db.order.count({ where: { shop: TINY_SHOP, id: "gid://shopify/Order/1007" } })).toBe(1);
    const s = await syncStatus(h.db, TINY_SHOP);
    const r = s.sources.find((x) => x.source === "orders_reconcile")!;
    expect([r.status, r.progress, r.lastError]).toEqual(["completed", { done: 1, total: null }, null]);
    expect(r.watermark).toBe(h.standin.dataset(TINY_SHOP).orders.find((o) => o.id === "gid://shopify/Order/1007")!.updatedAt.replace("Z", ".000Z"));
  }, 120_000);

  test("/app/sync shows the same in the admin (session token)", async () => {
    const host = Buffer.from("admin.shopify.com/store/sync-test").toString("base64url");
    const res = await fetch(`${app.url}/app/sync?embedded=1&shop=${TINY_SHOP}&host=${host}&id_token=${h.standin.mintSessionToken(TINY_SHOP)}`, {
      headers: { "User-Agent": CHROME_USER_AGENT },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Sync status");
    for (const id of ["orders_backfill", "catalog", "orders_reconcile", "inventory_snapshot", "webhooks"]) expect(html).toContain(`data-testid="sync-source-${id}"`);
    expect(html).toContain("14 / 14");
    expect(html).toContain("1 queued · 0 processed · 0 skipped · 1 failed");
    expect(html).toContain("orders/updated: order 9 not found");
  }, 120_000);

  test("/app/sync refuses a request without a session token", async () => {
    const res = await fetch(`${app.url}/app/sync?shop=${TINY_SHOP}`, { headers: { "User-Agent": CHROME_USER_AGENT }, redirect: "manual" });
    expect(res.status).not.toBe(200);
  });
});
