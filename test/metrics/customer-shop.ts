// A small Los Angeles shop (USD) with four customers and a guest over January–April 2026, for
// the customer KPIs (figures worked out in customers.test.ts). Orders are at 20:00Z = 12:00 PST
// (or 13:00 PDT) on the day named, except where said.
//   A: 01-10 #41 100.00; 02-15 #42 50.00; #43 at 2026-04-02T06:30Z = 04-01 23:30 PDT, 30.00.
//   B: 01-20 #44 SOCK 2 x 20.00 = 40.00, of which 10.00 refunded (refund 81, one sock, a partial
//      refund) on 03-01, so the order's net is 30.00; 01-25 #45 20.00.
//   C: 02-03 #46 60.00, cancelled the same day without refund (net 0); 03-10 #47 25.00.
//   D: a test order on 02-01 (#48, ignored); 03-05 #49 80.00.
//   Guests: 01-11 #50 10.00; 03-06 #51 15.00.
import type { OrderSpec, RefundSpec, ShopSpec } from "./facts-builder";

export const COHORT_SHOP: ShopSpec = { shop: "cohorts.myshopify.com", currency: "USD", tz: "America/Los_Angeles" };

const o = (n: number, day: string, customer: string | null, amount: string, extra: Partial<OrderSpec> = {}): OrderSpec =>
  ({ n, at: `${day}T20:00:00Z`, customer, lines: [{ sku: "MUG", qty: 1, unit: amount, title: "Mug" }], ...extra });

export const COHORT_ORDERS: OrderSpec[] = [
  o(41, "2026-01-10", "A", "100.00"),
  o(42, "2026-02-15", "A", "50.00"),
  { ...o(43, "2026-04-02", "A", "30.00"), at: "2026-04-02T06:30:00Z" },
  { n: 44, at: "2026-01-20T20:00:00Z", customer: "B", lines: [{ sku: "SOCK", qty: 2, unit: "20.00", title: "Socks" }] },
  o(45, "2026-01-25", "B", "20.00"),
  o(46, "2026-02-03", "C", "60.00", { cancelledAt: "2026-02-03T21:00:00Z" }),
  o(47, "2026-03-10", "C", "25.00"),
  o(48, "2026-02-01", "D", "99.00", { test: true }),
  o(49, "2026-03-05", "D", "80.00"),
  o(50, "2026-01-11", null, "10.00"),
  o(51, "2026-03-06", null, "15.00"),
];

export const COHORT_REFUNDS: RefundSpec[] = [
  { n: 81, order: 44, at: "2026-03-01T20:00:00Z", lines: [{ line: 0, qty: 1, subtotal: "10.00" }] },
];
