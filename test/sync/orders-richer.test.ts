// Richer orders: display financial status, tax and duties (charged and refunded), marketing
// attribution from customerJourneySummary (first/last visit, UTM, ready), the customer's place in
// their history and lifetime order count, each served by the stand-in from its dataset and
// stored by the bulk backfill and the single-order refetch alike.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backfillAndDrain } from "../../app/modules/sync/install";
import { reconcileOrders } from "../../app/modules/sync/reconcile";
import { syncOrder } from "../../app/modules/sync/order";
import type { StandinJourney, StandinRefund, StandinVisit } from "../standin/dataset";
import { TINY_SHOP, gbp, line, order, tinyShop } from "../fixtures/tiny-shop";
import { startHarness, type Harness } from "./harness";

let h: Harness;

const visit = (n: number, at: string, source: string, utm: [string, string, string] | null, extra: Partial<StandinVisit> = {}): StandinVisit => ({
  id: `gid://shopify/CustomerVisit/${n}`, occurredAt: at, source, sourceType: null, referrerUrl: null, landingPage: "https://sync-test.example/",
  utmParameters: utm ? { source: utm[0], medium: utm[1], campaign: utm[2], content: null, term: null } : null, marketingEventId: null, ...extra,
});

const JOURNEY_1001: StandinJourney = {
  ready: true, customerOrderIndex: 1, daysToConversion: 2,
  firstVisit: visit(1, "2011-03-24T18:00:00Z", "google", ["google", "cpc", "spring-sale"], { sourceType: "AD", referrerUrl: "https://www.google.com/", marketingEventId: "gid://shopify/MarketingEvent/77" }),
  lastVisit: visit(2, "2011-03-26T23:20:00Z", "email", ["newsletter", "email", "march"], { sourceType: "NEWSLETTER" }),
};

// #1008: a cross-border T-shirt: 20.00 + 20 % tax 4.00 + duties 3.40 = 27.40, refunded in full.
function dutiesOrder() {
  const l = line("TEE", 1, undefined, 80);
  l.taxLines = [{ title: "VAT", rate: 0.2, priceSet: gbp("4.00") }];
  l.duties = [{ id: "gid://shopify/Duty/1", harmonizedSystemCode: "610910", priceSet: gbp("3.40") }];
  const o = order(1008, "2011-03-29T10:00:00Z", [l], { customerId: "gid://shopify/Customer/2" });
  const r: StandinRefund = {
    id: "gid://shopify/Refund/508", createdAt: "2011-03-30T10:00:00Z", processedAt: "2011-03-30T10:00:00Z", updatedAt: "2011-03-30T10:00:00Z", note: null,
    refundLineItems: [{ id: "gid://shopify/RefundLineItem/5080", lineItemId: l.id, quantity: 1, restockType: "RETURN", priceSet: gbp("20.00"), subtotalSet: gbp("20.00"), totalTaxSet: gbp("4.00") }],
    refundShippingLines: [],
    duties: [{ dutyId: "gid://shopify/Duty/1", amountSet: gbp("3.40") }],
  };
  o.refunds.push(r);
  o.updatedAt = "2011-03-30T10:00:00Z";
  return o;
}

beforeAll(async () => {
  const d = tinyShop();
  d.orders.find((o) => o.id === "gid://shopify/Order/1001")!.customerJourney = JOURNEY_1001;
  // Still being attributed when Grip reads it.
  d.orders.find((o) => o.id === "gid://shopify/Order/1005")!.customerJourney = { ready: false, customerOrderIndex: null, daysToConversion: null, firstVisit: null, lastVisit: null };
  d.orders.push(dutiesOrder());
  h = await startHarness(d);
  await backfillAndDrain(h.db, h.deps, h.ctx, { pollIntervalMs: 20 });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const get = (n: number) => h.db.order.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: `gid://shopify/Order/${n}` } } });

describe("orders, richer (bulk backfill)", () => {
  test("display financial status", async () => {
    // #1001: 40.95 paid, 12.95 refunded (8.00 mug + 4.95 shipping): partially; #1003 untouched;
    // #1008: 27.40 paid and 27.40 refunded.
    expect(await Promise.all([1001, 1003, 1008].map(async (n) => (await get(n)).displayFinancialStatus))).toEqual(["PARTIALLY_REFUNDED", "PAID", "REFUNDED"]);
  });

  test("tax and duties, charged and refunded", async () => {
    const o = await get(1008);
    expect([o.totalPriceAmount, o.totalTaxAmount, o.totalDutiesAmount, o.subtotalAmount]).toEqual([2740n, 400n, 340n, 2000n]);
    const r = await h.db.refund.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/Refund/508" } }, include: { lines: true } });
    // 20.00 goods + 4.00 tax + 3.40 duties = 27.40 back.
    expect([r.totalRefundedAmount, r.dutiesRefundedAmount, r.lines.map((l) => [l.subtotalAmount, l.taxAmount])]).toEqual([2740n, 340n, [[2000n, 400n]]]);
    // An order without duties: 0 (Shopify: originalTotalDutiesSet null).
    expect((await get(1003)).totalDutiesAmount).toBe(0n);
  });

  test("marketing attribution from the customer journey", async () => {
    const o = await get(1001);
    expect({
      ready: o.journeyReady, index: o.customerOrderIndex, days: o.daysToConversion,
      first: [o.firstVisitAt?.toISOString(), o.firstVisitSource, o.firstVisitSourceType, o.firstVisitReferrerUrl, o.firstVisitUtmSource, o.firstVisitUtmMedium, o.firstVisitUtmCampaign, o.firstVisitMarketingEventId],
      last: [o.lastVisitAt?.toISOString(), o.lastVisitSource, o.lastVisitSourceType, o.lastVisitReferrerUrl, o.lastVisitUtmSource, o.lastVisitUtmMedium, o.lastVisitUtmCampaign, o.lastVisitMarketingEventId],
    }).toEqual({
      ready: true, index: 1, days: 2,
      first: ["2011-03-24T18:00:00.000Z", "google", "AD", "https://www.google.com/", "google", "cpc", "spring-sale", "gid://shopify/MarketingEvent/77"],
      last: ["2011-03-26T23:20:00.000Z", "email", "NEWSLETTER", null, "newsletter", "email", "march", null],
    });
    // No journey at all (the rest of the tiny shop): null, not "not ready".
    expect([(await get(1003)).journeyReady, (await get(1003)).firstVisitSource]).toEqual([null, null]);
    expect((await get(1005)).journeyReady).toBe(false);
  });

  test("customers: lifetime order count, test orders not counted", async () => {
    // Customer 1: #1001, #1005 (and the test order #1004, not counted) = 2; customer 2: #1002, #1008 = 2.
    const rows = await h.db.customer.findMany({ where: { shop: TINY_SHOP }, orderBy: { id: "asc" } });
    expect(rows.map((c) => [c.id, c.numberOfOrders])).toEqual([["gid://shopify/Customer/1", 2], ["gid://shopify/Customer/2", 2]]);
  });
});

describe("orders, richer (refetch and reconciliation)", () => {
  test("a journey that was not ready is read again by the reconciliation, without any order change", async () => {
    // Shopify finishes attributing #1005; Order.updatedAt does not move.
    h.standin.dataset(TINY_SHOP).orders.find((o) => o.id === "gid://shopify/Order/1005")!.customerJourney = {
      ready: true, customerOrderIndex: 2, daysToConversion: 0, firstVisit: null, lastVisit: visit(3, "2011-03-28T11:50:00Z", "direct", null),
    };
    const r = await reconcileOrders(h.db, h.admin, h.ctx);
    expect([r.listed, r.journeys]).toEqual([0, 1]);
    const o = await get(1005);
    expect([o.journeyReady, o.customerOrderIndex, o.lastVisitSource, o.lastVisitUtmSource, o.firstVisitSource]).toEqual([true, 2, "direct", null, null]);
    // Nothing is pending any more: the next run reads nothing again.
    expect((await reconcileOrders(h.db, h.admin, h.ctx)).journeys).toBe(0);
  });

  test("the single-order refetch stores the same fields as the bulk file", async () => {
    const before = await get(1008);
    await h.standin.updateOrder(TINY_SHOP, "gid://shopify/Order/1008", (o) => { o.tags = ["checked"]; }, { silent: true });
    expect(await syncOrder(h.db, h.admin, h.ctx, "gid://shopify/Order/1008")).toBe("stored");
    const after = await get(1008);
    const strip = (o: typeof before) => ({ ...o, shopifyUpdatedAt: null, syncedAt: null });
    expect(strip(after)).toEqual(strip(before));
    expect(after.shopifyUpdatedAt.getTime()).toBeGreaterThan(before.shopifyUpdatedAt.getTime());
  });
});
