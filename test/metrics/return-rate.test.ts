// Return rate by units, orders and value, by order date, with the maturity window, on the
// Auckland shop of sales-shops.ts. Orders in 2026-04-01..04-06 that are not tests: #6 (04-02, 1
// TEE 30.00), #1 (04-04, 2 MUG 20.00 − 2.00 and 1 TEE 30.00 − 3.00; refund 11 of 1 MUG, 9.00, on
// 04-05), #2 (04-05) and #4 (04-06), both cancelled and therefore left out.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { formatMinor } from "../../app/modules/money";
import { returnRate } from "../../app/modules/metrics/return-rate";
import { freshDatabase } from "../helpers/db";
import { seedShop } from "./facts-builder";
import { AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS } from "./sales-shops";

let db: PrismaClient;
beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  await seedShop(db, AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS);
});
afterAll(async () => db?.$disconnect());

const range = { from: "2026-04-01", to: "2026-04-06" };
const nzd = (v: bigint) => formatMinor(v, "NZD");

describe("returnRate", () => {
  test("every order old enough: units, orders, value, and per product", async () => {
    // As of 05-06 with 30 days, orders up to 04-06 count: #6 and #1 (cancellations excluded).
    const r = await returnRate(db, AUCKLAND.shop, range, { asOf: "2026-05-06" });
    // Units: 1 + 3 sold, 1 returned: 0.25. Orders: 1 of 2. Value: 9.00 / (30 + 18 + 27 = 75.00) = 0.12.
    expect([r.windowDays, r.matureThrough, r.immatureOrders, r.orders, r.ordersWithReturn, r.unitsSold, r.unitsReturned, nzd(r.netSold), nzd(r.valueReturned), r.byUnits, r.byOrders, r.byValue])
      .toEqual([30, "2026-04-06", 0, 2, 1, 4, 1, "75.00", "9.00", "0.2500", "0.5000", "0.1200"]);
    // MUG: 2 sold (18.00 net), 1 back (9.00): 0.5 both ways. TEE: 2 sold (30 + 27 = 57.00), none back.
    expect(r.products.map((p) => [p.key, p.title, p.unitsSold, p.unitsReturned, nzd(p.netSold), nzd(p.valueReturned), p.byUnits, p.byValue])).toEqual([
      ["MUG", "Mug", 2, 1, "18.00", "9.00", "0.5000", "0.5000"],
      ["TEE", "T-shirt", 2, 0, "57.00", "0.00", "0.0000", "0.0000"],
    ]);
  });

  test("orders too recent are left out and counted", async () => {
    // As of 05-03, 30 days: mature through 04-03, so only #6 counts (0 of 1 unit back); #1 is
    // too recent (the cancelled #2 and #4 are not counted anywhere).
    const r = await returnRate(db, AUCKLAND.shop, range, { asOf: "2026-05-03" });
    expect([r.matureThrough, r.orders, r.unitsSold, r.unitsReturned, r.byUnits, r.immatureOrders]).toEqual(["2026-04-03", 1, 1, 0, "0.0000", 1]);
  });

  test("refunds after the as-of day do not count; a window of 0 days; nothing mature says null", async () => {
    // As of 04-04 with no window: #6 and #1 count, but refund 11 (04-05) has not happened yet.
    const r = await returnRate(db, AUCKLAND.shop, range, { asOf: "2026-04-04", windowDays: 0 });
    expect([r.orders, r.unitsSold, r.unitsReturned, r.byValue]).toEqual([2, 4, 0, "0.0000"]);
    const none = await returnRate(db, AUCKLAND.shop, range, { asOf: "2026-04-20" }); // mature through 03-21
    expect([none.orders, none.byUnits, none.byOrders, none.byValue, none.immatureOrders]).toEqual([0, null, null, null, 2]);
    await expect(returnRate(db, AUCKLAND.shop, range, { asOf: "2026-04-20", windowDays: -1 })).rejects.toThrow(/return window/);
  });
});
