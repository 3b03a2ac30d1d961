// Reconciliation repairs lost webhooks: changes made at the stand-in without any webhook
// ({ silent: true }) reach Grip's database through the updated_at watermark, which then equals a
// fresh backfill of the stand-in's current truth, row for row.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { backfillAndDrain } from "../../app/modules/sync/install";
import { backfillOrders } from "../../app/modules/sync/backfill";
import { reconcileOrders, RECONCILE_SOURCE } from "../../app/modules/sync/reconcile";
import { refreshShop } from "../../app/modules/sync/install";
import { createAdminClient } from "../../app/modules/shopify/admin-client";
import { standinFetch } from "../../app/modules/shopify/endpoint";
import { freshDatabase } from "../helpers/db";
import { TINY_SHOP, line, order, refund, tinyShop } from "../fixtures/tiny-shop";
import { startHarness, type Harness } from "./harness";

let h: Harness;
const extra: PrismaClient[] = [];

/** Every fact row, stable order, without the bookkeeping timestamps of the write itself. */
async function facts(db: PrismaClient) {
  const strip = <T extends Record<string, unknown>>(rows: T[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "syncedAt")));
  return {
    orders: strip(await db.order.findMany({ orderBy: { id: "asc" } })),
    lines: await db.orderLine.findMany({ orderBy: { id: "asc" } }),
    shipping: await db.shippingLine.findMany({ orderBy: { id: "asc" } }),
    refunds: await db.refund.findMany({ orderBy: { id: "asc" } }),
    refundLines: await db.refundLine.findMany({ orderBy: { id: "asc" } }),
  };
}

beforeAll(async () => {
  h = await startHarness(tinyShop());
}, 120_000);

afterAll(async () => {
  await h?.close();
  for (const d of extra) await d.$disconnect();
});

describe("reconciliation", () => {
  test("does nothing before the backfill has completed", async () => {
    const r = await reconcileOrders(h.db, h.admin, h.ctx);
    expect(r).toMatchObject({ skipped: true, reason: "the orders backfill has not completed", listed: 0 });
  });

  test("repairs an order created, one cancelled and one refunded without any webhook", async () => {
    await backfillAndDrain(h.db, h.deps, h.ctx, { pollIntervalMs: 20 });
    expect(await h.db.order.count()).toBe(5);

    // Three changes whose webhooks are lost.
    await h.standin.createOrder(TINY_SHOP, order(1006, "2011-03-30T10:00:00Z", [line("TEE", 2, undefined, 60)], { shipping: "3.00" }), { silent: true });
    await h.standin.updateOrder(TINY_SHOP, "gid://shopify/Order/1003", (o) => { o.cancelledAt = "2011-03-30T12:00:00Z"; o.cancelReason = "CUSTOMER"; }, { silent: true });
    await h.standin.addRefund(TINY_SHOP, "gid://shopify/Order/1005",
      refund(504, "2011-03-31T09:00:00Z", [{ lineItemId: "gid://shopify/LineItem/7", quantity: 1, subtotal: "8.50", unit: "8.50" }]), { silent: true });
    expect(h.standin.deliveries.length).toBe(0);
    expect(await h.db.order.findUnique({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Order/1006" } } })).toBeNull();

    const r = await reconcileOrders(h.db, h.admin, h.ctx);
    // Only the three changed orders are newer than the backfill's snapshot (the rest were last
    // updated in 2011); all three were older or missing in Grip, all three changed it.
    expect([r.skipped, r.listed, r.refetched, r.repaired]).toEqual([false, 3, 3, 3]);

    // Worked by hand: #1006 = 2 x 20.00 + 3.00 shipping = 43.00 (4300 pence), processed on
    // 2011-03-30 (10:00 UTC = 11:00 BST).
    const o6 = await h.db.order.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Order/1006" } } });
    expect([o6.totalPriceAmount, o6.subtotalAmount, o6.totalShippingAmount, o6.processedDay]).toEqual([4300n, 4000n, 300n, "2011-03-30"]);
    // #1003 cancelled at 12:00 UTC = 13:00 BST on the 30th.
    const o3 = await h.db.order.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Order/1003" } } });
    expect(o3.cancelledDay).toBe("2011-03-30");
    // Refund 504 of #1005: one mug, 8.50 back; the line had 4, now 3.
    const r504 = await h.db.refund.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Refund/504" } }, include: { lines: true } });
    expect([r504.totalRefundedAmount, r504.processedDay, r504.linesComplete, r504.lines.map((l) => [l.lineItemId, l.quantity, l.subtotalAmount])])
      .toEqual([850n, "2011-03-31", true, [["gid://shopify/LineItem/7", 1, 850n]]]);
    expect((await h.db.orderLine.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/LineItem/7" } } })).currentQuantity).toBe(3);

    // Grip's copy equals a fresh backfill of the stand-in as it is now.
    const truth = await freshDatabase();
    const truthDb = createDb(truth.url);
    extra.push(truthDb);
    const admin = createAdminClient({ shop: TINY_SHOP, fetch: standinFetch(h.standin.url), accessToken: async () => h.accessToken });
    await backfillOrders(truthDb, admin, await refreshShop(truthDb, admin), { pollIntervalMs: 20 });
    expect(await facts(h.db)).toEqual(await facts(truthDb));

    const state = await h.db.syncState.findUniqueOrThrow({ where: { shop_source: { shop: TINY_SHOP, source: RECONCILE_SOURCE } } });
    // The watermark is the newest change applied (the refund of #1005, the last of the three) —
    // or the backfill's start when that is later: Shopify's updatedAt has whole seconds, so a
    // change in the same second as the backfill's start sorts before it (the overlap re-lists it).
    const newest = Date.parse(h.standin.dataset(TINY_SHOP).orders.find((o) => o.id === "gid://shopify/Order/1005")!.updatedAt);
    const backfill = await h.db.syncState.findUniqueOrThrow({ where: { shop_source: { shop: TINY_SHOP, source: "orders_backfill" } } });
    const expected = Math.max(newest, backfill.startedAt!.getTime());
    expect([state.status, state.watermark?.getTime(), state.lastError]).toEqual(["completed", expected, null]);
    expect(state.lastSuccessAt).not.toBeNull();
  });

  test("a second run re-lists the overlap but refetches nothing", async () => {
    const before = h.standin.requests.filter((q) => q.operationName === "GripOrder").length;
    const r = await reconcileOrders(h.db, h.admin, h.ctx);
    expect([r.listed, r.refetched, r.repaired]).toEqual([3, 0, 0]);
    expect(h.standin.requests.filter((q) => q.operationName === "GripOrder").length).toBe(before);
  });

  test("without the overlap, only changes after the watermark are listed", async () => {
    const r = await reconcileOrders(h.db, h.admin, h.ctx, { overlapMs: 0 });
    expect(r.listed).toBe(0);
  });
});
