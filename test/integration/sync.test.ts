// End to end: Grip installed into a stand-in shop through Shopify's embedded path, the bulk
// backfill, then webhooks over real HTTP (a new order, a refund, a duplicate delivery, an update
// that arrives after a newer one, a forged signature), checked in the SQLite file and through the
// KPI code against figures worked out by hand (test/fixtures/tiny-shop.ts).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { salesSummary, dailySales, revenueByChannel } from "../../app/modules/metrics/sales";
import { formatMinor } from "../../app/modules/money";
import { freshDatabase } from "../helpers/db";
import { freePort, startAppServer, type AppServer } from "../helpers/app-server";
import { startStandin, type Standin } from "../standin/server";
import { CHROME_USER_AGENT } from "../browser/chromium";
import { EXPECTED, TINY_SHOP, line, order, refund, tinyShop } from "../fixtures/tiny-shop";

const API_KEY = "grip-sync-test-key";
const API_SECRET = "grip-sync-test-secret";

let db: PrismaClient;
let standin: Standin;
let app: AppServer;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const eventSettled = (eventId: string) =>
  waitFor(`webhook ${eventId} to be applied`, async () => {
    const e = await db.webhookEvent.findUnique({ where: { eventId } });
    return e && e.status !== "queued" ? e : null;
  });

const gbp = (v: bigint | null) => (v === null ? null : formatMinor(v, "GBP"));

beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  const port = await freePort("127.0.0.1");
  const appUrl = `http://127.0.0.1:${port}`;
  standin = await startStandin({ datasets: [tinyShop()], apiKey: API_KEY, apiSecret: API_SECRET, appUrl, appToml: "shopify.app.toml" });
  app = await startAppServer({
    port,
    host: "127.0.0.1",
    env: {
      GRIP_MODE: "test",
      DATABASE_URL: url,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: appUrl,
      GRIP_SHOPIFY_ENDPOINT: standin.url,
    },
  });
}, 600_000);

afterAll(async () => {
  await app?.close();
  await standin?.close();
  await db?.$disconnect();
});

describe("install and backfill", () => {
  test("opening the app with a session token installs it and backfills the shop", async () => {
    const host = Buffer.from("admin.shopify.com/store/sync-test").toString("base64url");
    const res = await fetch(`${app.url}/app?embedded=1&shop=${TINY_SHOP}&host=${host}&id_token=${standin.mintSessionToken(TINY_SHOP)}`, {
      headers: { "User-Agent": CHROME_USER_AGENT },
    });
    expect(res.status).toBe(200);
    const state = await waitFor("the backfill", async () => {
      const s = await db.syncState.findUnique({ where: { shop_source: { shop: TINY_SHOP, source: "orders_backfill" } } });
      if (s?.status === "failed") throw new Error(`backfill failed: ${s.lastError}`);
      return s?.status === "completed" ? s : null;
    });
    // 5 orders + 7 line items + 2 shipping lines in the JSONL.
    expect(state.linesProcessed).toBe(14);
    expect(state.objectsTotal).toBe(14);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: TINY_SHOP } });
    expect(shop).toMatchObject({ currencyCode: "GBP", ianaTimezone: "Europe/London", name: "Sync Test" });
    // The offline session is an expiring one (token + refresh token).
    const session = await db.session.findFirstOrThrow({ where: { shop: TINY_SHOP, isOnline: false } });
    expect(session.refreshToken).toBeTruthy();
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now());
  });

  test("stores every fact exactly, with shop-local days across the DST change", async () => {
    const orders = await db.order.findMany({ where: { shop: TINY_SHOP }, orderBy: { id: "asc" } });
    expect(orders.map((o) => [o.name, o.processedDay, o.test, o.customerId, o.salesChannel])).toEqual([
      ["#1001", "2011-03-26", false, "gid://shopify/Customer/1", "Online Store"],
      ["#1002", "2011-03-27", false, "gid://shopify/Customer/2", "Online Store"],
      ["#1003", "2011-03-28", false, null, "Online Store"], // 00:30 BST, 23:30 UTC the day before
      ["#1004", "2011-03-27", true, "gid://shopify/Customer/1", "Online Store"],
      ["#1005", "2011-03-28", false, "gid://shopify/Customer/1", "Online Store"],
    ]);
    const o1 = orders[0];
    expect([o1.subtotalAmount, o1.totalDiscountsAmount, o1.totalShippingAmount, o1.totalPriceAmount]).toEqual([3600n, 100n, 495n, 4095n]);
    const lines = await db.orderLine.findMany({ where: { shop: TINY_SHOP, orderId: "gid://shopify/Order/1002" }, orderBy: { id: "asc" } });
    expect(lines.map((l) => [l.sku, l.quantity, l.currentQuantity, l.unitPriceAmount, l.grossAmount, l.isGiftCard])).toEqual([
      ["TEE", 3, 2, 2000n, 6000n, false],
      ["GIFT", 1, 1, 2500n, 2500n, true],
    ]);
    const refunds = await db.refund.findMany({ where: { shop: TINY_SHOP }, include: { lines: true }, orderBy: { id: "asc" } });
    expect(refunds.map((r) => [r.id, r.processedDay, r.linesComplete, r.shippingRefundedAmount, r.lines.map((l) => [l.lineItemId, l.quantity, l.subtotalAmount])])).toEqual([
      ["gid://shopify/Refund/501", "2011-03-29", true, 0n, [["gid://shopify/LineItem/3", 1, 2000n]]],
      ["gid://shopify/Refund/502", "2011-03-28", true, 495n, [["gid://shopify/LineItem/1", 1, 800n]]], // 23:59 BST
    ]);
  });

  test("the KPIs equal the hand-computed figures", async () => {
    const s = await salesSummary(db, TINY_SHOP, EXPECTED.range);
    expect({
      orders: s.orders, gross_sales: gbp(s.grossSales), discounts: gbp(s.discounts), returns: gbp(s.returns), net_sales: gbp(s.netSales),
      shipping: gbp(s.shipping), average_order_value: gbp(s.averageOrderValue), units_sold: s.unitsSold, units_returned: s.unitsReturned, return_rate: s.returnRate,
    }).toEqual({
      orders: EXPECTED.orders, gross_sales: EXPECTED.gross_sales, discounts: EXPECTED.discounts, returns: EXPECTED.returns, net_sales: EXPECTED.net_sales,
      shipping: EXPECTED.shipping, average_order_value: EXPECTED.average_order_value, units_sold: EXPECTED.units_sold, units_returned: EXPECTED.units_returned, return_rate: EXPECTED.return_rate,
    });
    const days = await dailySales(db, TINY_SHOP, EXPECTED.range);
    expect(Object.fromEntries(days.map((d) => [d.day, { gross: gbp(d.grossSales), net: gbp(d.netSales), orders: d.orders }]))).toEqual(EXPECTED.days);
    expect((await revenueByChannel(db, TINY_SHOP, EXPECTED.range)).map((c) => [c.channel, c.orders, gbp(c.grossSales), gbp(c.netSales)])).toEqual([
      ["Online Store", 4, "139.50", "130.50"],
    ]);
    // An empty period says "nothing", not 0 % or NaN.
    const empty = await salesSummary(db, TINY_SHOP, { from: "2010-01-01", to: "2010-01-31" });
    expect([empty.orders, empty.averageOrderValue, empty.returnRate]).toEqual([0, null, null]);
  });

  test("a second backfill request changes nothing (idempotent)", async () => {
    const before = await db.orderLine.count({ where: { shop: TINY_SHOP } });
    const host = Buffer.from("admin.shopify.com/store/sync-test").toString("base64url");
    const res = await fetch(`${app.url}/app?embedded=1&shop=${TINY_SHOP}&host=${host}&id_token=${standin.mintSessionToken(TINY_SHOP)}`, { headers: { "User-Agent": CHROME_USER_AGENT } });
    expect(res.status).toBe(200);
    expect(await db.orderLine.count({ where: { shop: TINY_SHOP } })).toBe(before);
  });
});

describe("webhooks", () => {
  test("orders/create: a new order arrives and is stored", async () => {
    const before = standin.deliveries.length;
    await standin.createOrder(TINY_SHOP, order(1006, "2011-03-30T10:00:00Z", [line("TEE", 2, undefined, 60)], { customerId: "gid://shopify/Customer/2", shipping: "3.00" }));
    const delivery = standin.deliveries.slice(before).find((d) => d.topic === "orders/create")!;
    expect(delivery.status).toBe(200);
    await eventSettled(delivery.eventId);
    const o = await db.order.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Order/1006" } }, include: { lines: true, shipping: true } });
    expect([o.processedDay, o.lines.length, o.lines[0].grossAmount, o.shipping[0].amount]).toEqual(["2011-03-30", 1, 4000n, 300n]);
  });

  test("refunds/create: a partial refund of #1005 is stored and booked on its day", async () => {
    const before = standin.deliveries.length;
    await standin.addRefund(TINY_SHOP, "gid://shopify/Order/1005", refund(503, "2011-03-30T15:00:00Z", [{ lineItemId: "gid://shopify/LineItem/7", quantity: 2, subtotal: "17.00", unit: "8.50" }]));
    const mine = standin.deliveries.slice(before);
    expect(mine.map((d) => d.topic).sort()).toEqual(["orders/updated", "refunds/create"]);
    for (const d of mine) await eventSettled(d.eventId);
    const s = await salesSummary(db, TINY_SHOP, { from: "2011-03-30", to: "2011-03-30" });
    expect([gbp(s.grossSales), gbp(s.returns), gbp(s.netSales), s.orders]).toEqual(["40.00", "17.00", "23.00", 1]);
    const l = await db.orderLine.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/LineItem/7" } } });
    expect(l.currentQuantity).toBe(2);
  });

  test("a duplicate delivery (same event id) is acknowledged and applied once", async () => {
    const first = standin.deliveries.find((d) => d.topic === "orders/create")!;
    const rowsBefore = await db.webhookEvent.count();
    const again = await standin.redeliver(first.eventId);
    expect(again.status).toBe(200);
    expect(again.eventId).toBe(first.eventId);
    expect(again.webhookId).not.toBe(first.webhookId);
    expect(await db.webhookEvent.count()).toBe(rowsBefore);
    expect(await db.order.count({ where: { shop: TINY_SHOP, id: "gid://shopify/Order/1006" } })).toBe(1);
  });

  test("an update older than what Grip holds never overwrites it", async () => {
    // A newer edit (tag change) is delivered and applied...
    const before = standin.deliveries.length;
    await standin.updateOrder(TINY_SHOP, "gid://shopify/Order/1006", (o) => { o.tags = ["vip"]; });
    const newer = standin.deliveries.slice(before).find((d) => d.topic === "orders/updated")!;
    await eventSettled(newer.eventId);
    const stored = await db.order.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Order/1006" } } });
    // ...then an orders/updated from before that edit arrives late (Shopify does not order deliveries).
    const staleBody = { ...standin.restOrder(TINY_SHOP, "gid://shopify/Order/1006"), updated_at: "2011-03-30T10:00:00Z" };
    const late = await standin.sendWebhook(TINY_SHOP, "orders/updated", staleBody, { triggeredAt: "2011-03-30T10:00:01Z" });
    expect(late.status).toBe(200);
    const ev = await eventSettled(late.eventId);
    expect(ev.status).toBe("skipped");
    const after = await db.order.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Order/1006" } } });
    expect(after.shopifyUpdatedAt.getTime()).toBe(stored.shopifyUpdatedAt.getTime());
    expect(after.syncedAt.getTime()).toBe(stored.syncedAt.getTime());
  });

  test("a webhook with a forged signature is refused with 401 and not recorded", async () => {
    const rowsBefore = await db.webhookEvent.count();
    const forged = await standin.sendWebhook(TINY_SHOP, "orders/updated", standin.restOrder(TINY_SHOP, "gid://shopify/Order/1001"), { secret: "not-the-app-secret" });
    expect(forged.status).toBe(401);
    expect(await db.webhookEvent.count()).toBe(rowsBefore);
  });

  test("customers/redact removes the customer's id from Grip's orders", async () => {
    const body = standin.complianceBody(TINY_SHOP, "customers/redact", "gid://shopify/Customer/2");
    const sent = await standin.sendWebhook(TINY_SHOP, "customers/redact", body);
    expect(sent.status).toBe(200);
    expect((await eventSettled(sent.eventId)).status).toBe("processed");
    expect(await db.order.count({ where: { shop: TINY_SHOP, customerId: "gid://shopify/Customer/2" } })).toBe(0);
    expect(await db.order.count({ where: { shop: TINY_SHOP, customerId: "gid://shopify/Customer/1" } })).toBe(3);
  });
});

describe("uninstall and shop redaction", () => {
  test("app/uninstalled deletes the sessions and marks the shop; facts stay until shop/redact", async () => {
    const before = standin.deliveries.length;
    await standin.uninstall(TINY_SHOP);
    const d = standin.deliveries.slice(before).find((x) => x.topic === "app/uninstalled")!;
    expect(d.status).toBe(200);
    await eventSettled(d.eventId);
    expect(await db.session.count({ where: { shop: TINY_SHOP } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: TINY_SHOP } })).uninstalledAt).not.toBeNull();
    expect(await db.order.count({ where: { shop: TINY_SHOP } })).toBe(6);
  });

  test("shop/redact deletes every row of the shop", async () => {
    const sent = await standin.sendWebhook(TINY_SHOP, "shop/redact", standin.complianceBody(TINY_SHOP, "shop/redact"));
    expect(sent.status).toBe(200);
    await eventSettled(sent.eventId);
    const counts = await Promise.all([
      db.order.count({ where: { shop: TINY_SHOP } }), db.orderLine.count({ where: { shop: TINY_SHOP } }),
      db.shippingLine.count({ where: { shop: TINY_SHOP } }), db.refund.count({ where: { shop: TINY_SHOP } }),
      db.refundLine.count({ where: { shop: TINY_SHOP } }), db.syncState.count({ where: { shop: TINY_SHOP } }),
      db.session.count({ where: { shop: TINY_SHOP } }), db.shop.count({ where: { domain: TINY_SHOP } }),
      db.webhookEvent.count({ where: { shop: TINY_SHOP, NOT: { topic: "shop/redact" } } }),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
