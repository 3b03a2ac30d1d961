// The sales report (docs/kpis.md#sales-report) on two hand-made shops (sales-shops.ts), one in
// Pacific/Auckland and one in America/Los_Angeles, each with a daylight-saving day, a partial
// refund, a cancellation after a partial refund, a cancellation refunded in full, a gift card, a
// test order, line, order and shipping discounts, taxes and duties.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { formatMinor } from "../../app/modules/money";
import { salesDays, salesSummary, revenueByChannel, dailySales } from "../../app/modules/metrics/sales";
import { freshDatabase } from "../helpers/db";
import { seedShop } from "./facts-builder";
import { AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS, LA_ORDERS, LA_REFUNDS, LOS_ANGELES } from "./sales-shops";

let db: PrismaClient;
beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  await seedShop(db, AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS);
  await seedShop(db, LOS_ANGELES, LA_ORDERS, LA_REFUNDS);
});
afterAll(async () => db?.$disconnect());

const d = (v: bigint) => formatMinor(v, "NZD"); // NZD and USD both have 2 decimals

async function report(shop: string, from: string, to: string) {
  return (await salesDays(db, shop, { from, to })).map((x) => ({
    day: x.day, orders: x.orders, gross: d(x.grossSales), discounts: d(x.discounts), returns: d(x.returns), cancellations: d(x.cancellations),
    net: d(x.netSales), shipping: d(x.shipping), taxes: d(x.taxes), duties: d(x.duties), total: d(x.totalSales), sold: x.unitsSold, returned: x.unitsReturned,
  }));
}

describe("Pacific/Auckland, daylight saving ends 2026-04-05", () => {
  test("each day of the sales report", async () => {
    expect(await report(AUCKLAND.shop, "2026-04-03", "2026-04-06")).toEqual([
      // Nothing on 04-03: zeros, not a missing day.
      { day: "2026-04-03", orders: 0, gross: "0.00", discounts: "0.00", returns: "0.00", cancellations: "0.00", net: "0.00", shipping: "0.00", taxes: "0.00", duties: "0.00", total: "0.00", sold: 0, returned: 0 },
      // #1: gross 2 x 10 + 30 = 50; discounts 2 + 3 = 5; net 45; shipping 5 - 1 = 4; tax 6.75;
      // total 45 + 4 + 6.75 = 55.75; 3 units.
      { day: "2026-04-04", orders: 1, gross: "50.00", discounts: "5.00", returns: "0.00", cancellations: "0.00", net: "45.00", shipping: "4.00", taxes: "6.75", duties: "0.00", total: "55.75", sold: 3, returned: 0 },
      // #2 (the gift card is not a sale; #3 is a test): gross 60; refund 11 returns 9.00 and 1.35
      // tax; net 60 - 9 = 51; shipping 10; tax 9 - 1.35 = 7.65; duties 4; total 51 + 10 + 7.65 + 4 = 72.65.
      { day: "2026-04-05", orders: 1, gross: "60.00", discounts: "0.00", returns: "9.00", cancellations: "0.00", net: "51.00", shipping: "10.00", taxes: "7.65", duties: "4.00", total: "72.65", sold: 2, returned: 1 },
      // #4 sold (30, tax 4.50). Returns: refund 12 (30) + refund 14 (30) + #2's cancellation of
      // the TEE no refund covered (60 - 30 = 30) + #4's cancellation (30 - 30 = 0) = 90, of which
      // cancellations 30; net 30 - 90 = -60. Shipping: #2's 10.00, never refunded, reversed on the
      // cancel day: -10. Tax: 4.50 - 4.50 (r12) - 4.50 (r14) - #2's unrefunded 9 - 4.50 = -9.00.
      // Duties: -2 (r12) - #2's unrefunded 4 - 2 = -4. Total -60 - 10 - 9 - 4 = -83.
      // Units returned: 1 (r12) + 3 (r14) + 1 (#2's cancelled TEE) = 5.
      { day: "2026-04-06", orders: 1, gross: "30.00", discounts: "0.00", returns: "90.00", cancellations: "30.00", net: "-60.00", shipping: "-10.00", taxes: "-9.00", duties: "-4.00", total: "-83.00", sold: 3, returned: 5 },
    ]);
  });

  test("the summary is the sum of its days, and a cancelled order nets to zero over its life", async () => {
    const s = await salesSummary(db, AUCKLAND.shop, { from: "2026-04-04", to: "2026-04-06" });
    // orders 3; gross 50 + 60 + 30 = 140; discounts 5; returns 9 + 90 = 99; net 36; shipping
    // 4 + 10 - 10 = 4; taxes 6.75 + 7.65 - 9 = 5.40; duties 4 - 4 = 0; total 36 + 4 + 5.40 = 45.40
    // (= 55.75 + 72.65 - 83). AOV (140 - 5) / 3 = 45.00.
    expect([s.currency, s.orders, d(s.grossSales), d(s.discounts), d(s.returns), d(s.cancellations), d(s.netSales), d(s.shipping), d(s.taxes), d(s.duties), d(s.totalSales), d(s.averageOrderValue!)])
      .toEqual(["NZD", 3, "140.00", "5.00", "99.00", "30.00", "36.00", "4.00", "5.40", "0.00", "45.40", "45.00"]);
    // Cancelled #2 alone (04-05 and 04-06): 60 - 30 - 30 = 0 net, 10 - 10 shipping, 9 - 4.5 - 4.5
    // tax, 4 - 2 - 2 duties: the order contributes nothing once cancelled; #1 and #4 are what's left:
    // #1 net 45 - 9 = 36, #4 30 - 30 = 0 -> 36 ✓.
    const channels = await revenueByChannel(db, AUCKLAND.shop, { from: "2026-04-04", to: "2026-04-06" });
    expect(channels.map((c) => [c.channel, c.orders, d(c.grossSales), d(c.discounts), d(c.returns), d(c.netSales)])).toEqual([["Online Store", 3, "140.00", "5.00", "99.00", "36.00"]]);
  });

  test("the cancel day alone, and a month without orders", async () => {
    const cancelDay = await salesSummary(db, AUCKLAND.shop, { from: "2026-04-06", to: "2026-04-06" });
    expect([cancelDay.orders, d(cancelDay.netSales), d(cancelDay.totalSales)]).toEqual([1, "-60.00", "-83.00"]);
    const empty = await salesSummary(db, AUCKLAND.shop, { from: "2026-03-01", to: "2026-03-31" });
    expect([empty.orders, empty.averageOrderValue, empty.returnRate, d(empty.totalSales)]).toEqual([0, null, null, "0.00"]);
  });
});

describe("America/Los_Angeles, daylight saving starts 2026-03-08", () => {
  test("each day of the sales report", async () => {
    expect(await report(LOS_ANGELES.shop, "2026-03-07", "2026-03-09")).toEqual([
      // #21: 40 + shipping 8 + tax 3.60 = 51.60.
      { day: "2026-03-07", orders: 1, gross: "40.00", discounts: "0.00", returns: "0.00", cancellations: "0.00", net: "40.00", shipping: "8.00", taxes: "3.60", duties: "0.00", total: "51.60", sold: 1, returned: 0 },
      // Refund 31 gives everything back (40, shipping 8, tax 3.60); the later cancellation finds
      // nothing unrefunded, so it adds 0.
      { day: "2026-03-08", orders: 0, gross: "0.00", discounts: "0.00", returns: "40.00", cancellations: "0.00", net: "-40.00", shipping: "-8.00", taxes: "-3.60", duties: "0.00", total: "-51.60", sold: 0, returned: 1 },
      // #22 at 00:30 PDT: 4 x 12.50 = 50, discount 5, net 45, tax 4.05, total 49.05.
      { day: "2026-03-09", orders: 1, gross: "50.00", discounts: "5.00", returns: "0.00", cancellations: "0.00", net: "45.00", shipping: "0.00", taxes: "4.05", duties: "0.00", total: "49.05", sold: 4, returned: 0 },
    ]);
  });

  test("summary, channels and the daily points the dashboard uses", async () => {
    const s = await salesSummary(db, LOS_ANGELES.shop, { from: "2026-03-07", to: "2026-03-09" });
    // gross 90, discounts 5, returns 40, net 45, shipping 0, tax 4.05, total 49.05; AOV 85 / 2 = 42.50;
    // return rate (units, by order date) 1 / 5 = 0.2.
    expect([s.currency, s.orders, d(s.grossSales), d(s.discounts), d(s.returns), d(s.netSales), d(s.shipping), d(s.taxes), d(s.totalSales), d(s.averageOrderValue!), s.returnRate])
      .toEqual(["USD", 2, "90.00", "5.00", "40.00", "45.00", "0.00", "4.05", "49.05", "42.50", "0.2000"]);
    const channels = await revenueByChannel(db, LOS_ANGELES.shop, { from: "2026-03-07", to: "2026-03-09" });
    expect(channels.map((c) => [c.channel, c.orders, d(c.netSales)])).toEqual([["Point of Sale", 1, "45.00"], ["Online Store", 1, "0.00"]]);
    const daily = await dailySales(db, LOS_ANGELES.shop, { from: "2026-03-08", to: "2026-03-09" });
    expect(daily.map((p) => [p.day, d(p.netSales), d(p.totalSales), p.orders])).toEqual([["2026-03-08", "-40.00", "-51.60", 0], ["2026-03-09", "45.00", "49.05", 1]]);
  });
});

describe("sales per product", () => {
  test("Auckland 04-04..04-06, day view", async () => {
    const { salesByProduct } = await import("../../app/modules/metrics/sales");
    const rows = await salesByProduct(db, AUCKLAND.shop, { from: "2026-04-04", to: "2026-04-06" });
    // TEE: sold #1 1 x 30 (discount 3) + #2 2 x 30 = 90 gross, 3 discounts; returns refund 12 30
    // + #2's cancelled rest 30 = 60; net 27. MUG: #1 2 x 10 (discount 2) + #4 3 x 10 = 50 gross, 2
    // discounts; returns refund 11 9 + refund 14 30 (+ #4's cancelled rest 0) = 39; net 9.
    // Together: 36.00, the range's net sales. The gift card is not a product sale.
    expect(rows.map((p) => [p.key, p.title, p.unitsSold, d(p.grossSales), d(p.discounts), d(p.returns), d(p.netSales)])).toEqual([
      ["TEE", "T-shirt", 3, "90.00", "3.00", "60.00", "27.00"],
      ["MUG", "Mug", 5, "50.00", "2.00", "39.00", "9.00"],
    ]);
  });
});
