// Customer KPIs on customer-shop.ts, every figure worked out by hand below.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { formatMinor } from "../../app/modules/money";
import { customerCohorts, customerSummary } from "../../app/modules/metrics/customers";
import { freshDatabase } from "../helpers/db";
import { seedShop } from "./facts-builder";
import { COHORT_ORDERS, COHORT_REFUNDS, COHORT_SHOP } from "./customer-shop";

let db: PrismaClient;
beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  await seedShop(db, COHORT_SHOP, COHORT_ORDERS, COHORT_REFUNDS);
});
afterAll(async () => db?.$disconnect());

const shop = COHORT_SHOP.shop;

describe("customerSummary", () => {
  test("March: one new, one returning, a guest apart", async () => {
    const s = await customerSummary(db, shop, { from: "2026-03-01", to: "2026-03-31" });
    // Ordering in March: C (03-10) and D (03-05); B's refund on 03-01 is not an order; the guest's
    // #51 is counted apart. D's first order is 03-05 (the February test order does not count):
    // new. C first ordered 02-03: returning. Shopify's returning customer rate: C has 2 orders by
    // 03-31 (the cancelled one counts, as in Customer.numberOfOrders), D 1: 1/2. Repeat purchase
    // rate: nobody ordered twice inside March: 0/2. Second orders in March: C's, 02-03 -> 03-10 =
    // 25 + 10 = 35 days.
    expect(s).toMatchObject({
      customers: 2, newCustomers: 1, returningCustomers: 1, guestOrders: 1,
      returningCustomerRate: "0.5000", repeatPurchaseRate: "0.0000",
      secondOrders: 1, medianDaysToSecondOrder: "35", meanDaysToSecondOrder: "35.00",
    });
  });

  test("January to April", async () => {
    const s = await customerSummary(db, shop, { from: "2026-01-01", to: "2026-04-30" });
    // A, B, C, D all first ordered in the range: 4 new. ≥ 2 orders: A (3), B (2), C (2): 3/4 both
    // ways. Days to second order: A 01-10 -> 02-15 = 21 + 15 = 36, B 01-20 -> 01-25 = 5, C 35;
    // median 35, mean 76 / 3 = 25.33. Guests: #50 and #51.
    expect(s).toMatchObject({
      customers: 4, newCustomers: 4, returningCustomers: 0, guestOrders: 2,
      returningCustomerRate: "0.7500", repeatPurchaseRate: "0.7500",
      secondOrders: 3, medianDaysToSecondOrder: "35", meanDaysToSecondOrder: "25.33",
    });
  });

  test("no customers: rates are null, not 0", async () => {
    const s = await customerSummary(db, shop, { from: "2025-06-01", to: "2025-06-30" });
    expect(s).toMatchObject({ customers: 0, guestOrders: 0, returningCustomerRate: null, repeatPurchaseRate: null, medianDaysToSecondOrder: null, meanDaysToSecondOrder: null });
  });
});

describe("customerCohorts", () => {
  test("retention and cumulative net sales per customer by first-order month", async () => {
    const cohorts = await customerCohorts(db, shop, { from: "2026-01-01", to: "2026-04-30" });
    const usd = (v: bigint | null) => (v === null ? null : formatMinor(v, "USD"));
    expect(cohorts.map((c) => [c.month, c.customers, c.retention, c.netSalesPerCustomer.map(usd)])).toEqual([
      // January: A and B. Active: Jan both; Feb A; Mar nobody (a refund is not an order); Apr A
      // (#43 is 04-01 local). Net by order month: Jan 100 + (40 − 10) + 20 = 150, Feb 50, Mar 0,
      // Apr 30; cumulative 150, 200, 200, 230; per customer /2: 75, 100, 100, 115.
      ["2026-01", 2, ["1.0000", "0.5000", "0.0000", "0.5000"], ["75.00", "100.00", "100.00", "115.00"]],
      // February: C. Feb (the cancelled #46, net 0), Mar #47 25.00, Apr nothing.
      ["2026-02", 1, ["1.0000", "1.0000", "0.0000"], ["0.00", "25.00", "25.00"]],
      // March: D, 80.00, nothing in April.
      ["2026-03", 1, ["1.0000", "0.0000"], ["80.00", "80.00"]],
      // April: no new customer (A's #43 is not a first order): an empty cohort, no rates.
      ["2026-04", 0, [null], [null]],
    ]);
  });
});

describe("customerSeries", () => {
  test("monthly new and returning customers, zero-filled", async () => {
    const { customerSeries } = await import("../../app/modules/metrics/customers");
    const series = await customerSeries(db, shop, { from: "2026-01-01", to: "2026-05-31" }, "month");
    // Jan: A, B new (B twice). Feb: A returning, C new (cancelled order still an order). Mar: C
    // returning, D new. Apr: A returning (04-01 local). May: nobody (rate null).
    // Returning customer rate per month: ≥ 2 orders by the month's end among that month's
    // customers: Jan B (01-20, 01-25) of A, B = 1/2; Feb A (2) yes, C (1) no = 1/2; Mar C yes,
    // D no = 1/2; Apr A = 1/1.
    expect(series.map((p) => [p.key, p.customers, p.newCustomers, p.returningCustomers, p.returningCustomerRate])).toEqual([
      ["2026-01", 2, 2, 0, "0.5000"],
      ["2026-02", 2, 1, 1, "0.5000"],
      ["2026-03", 2, 1, 1, "0.5000"],
      ["2026-04", 1, 0, 1, "1.0000"],
      ["2026-05", 0, 0, 0, null],
    ]);
  });
});

describe("Shopify's customerOrderIndex, when synced", () => {
  test("an order numbered above 1 makes its customer returning, with no known first order", async () => {
    const { customerSeries } = await import("../../app/modules/metrics/customers");
    // May 2026, Los Angeles, orders at 20:00Z (13:00 PDT) on the day named:
    //   X: 05-10, Shopify's 3rd order of X (two earlier ones Grip never synced).
    //   Y: 05-11 (index 1) and 05-20 (index 2).   Z: 05-12, no index synced.
    const spec = { shop: "order-index.myshopify.com", currency: "USD", tz: "America/Los_Angeles" };
    const o = (n: number, day: string, customer: string, idx?: number) => ({ n, at: `${day}T20:00:00Z`, customer, customerOrderIndex: idx, lines: [{ sku: "MUG", qty: 1, unit: "10.00" }] });
    await seedShop(db, spec, [o(61, "2026-05-10", "X", 3), o(62, "2026-05-11", "Y", 1), o(63, "2026-05-20", "Y", 2), o(64, "2026-05-12", "Z")]);
    const may = { from: "2026-05-01", to: "2026-05-31" };
    // Customers X, Y, Z. New: Y and Z (X's first order is not Grip's). Returning: X. Returning
    // customer rate: X (Shopify counts 3 orders) and Y (2) of 3 = 0.6667. Repeat purchase rate:
    // Y only = 0.3333. Second orders: Y, 05-11 -> 05-20 = 9 days (X's is unknown: not counted).
    expect(await customerSummary(db, spec.shop, may)).toMatchObject({
      customers: 3, newCustomers: 2, returningCustomers: 1, returningCustomerRate: "0.6667", repeatPurchaseRate: "0.3333",
      secondOrders: 1, medianDaysToSecondOrder: "9",
    });
    // May's cohort: Y and Z (X has no known first month). Net 10 + 10 + 10 = 30 / 2 = 15.00.
    const cohorts = await customerCohorts(db, spec.shop, may);
    expect(cohorts.map((c) => [c.month, c.customers, c.retention, c.netSalesPerCustomer.map((v) => (v === null ? null : formatMinor(v, "USD")))])).toEqual([["2026-05", 2, ["1.0000"], ["15.00"]]]);
    const weeks = await customerSeries(db, spec.shop, { from: "2026-05-04", to: "2026-05-17" }, "week");
    // W19 (05-04..05-10): X, returning, 3 orders by then: rate 1/1. W20 (05-11..05-17): Y and Z
    // new; Y has 1 order by 05-17, Z 1: rate 0/2.
    expect(weeks.map((w) => [w.key, w.customers, w.newCustomers, w.returningCustomers, w.returningCustomerRate])).toEqual([
      ["2026-W19", 1, 0, 1, "1.0000"],
      ["2026-W20", 2, 2, 0, "0.0000"],
    ]);
  });
});
