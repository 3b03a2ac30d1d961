// Two small shops for the sales report, every figure worked out by hand in sales.test.ts.
//
// Auckland (NZD, Pacific/Auckland). Daylight saving ends on Sunday 2026-04-05 at 03:00 NZDT
// (UTC+13) -> 02:00 NZST (UTC+12), i.e. at 2026-04-04T14:00Z; that day has 25 hours.
//   #1  2026-04-04T10:30Z = 04-04 23:30 NZDT. MUG 2 x 10.00 with a 2.00 line discount, TEE 1 x 30.00
//       with a 3.00 share of an order discount; shipping 5.00 less a 1.00 shipping discount; tax 6.75.
//       Refund 11 at 2026-04-05T11:30Z = 04-05 23:30 NZST (on UTC+13 it would wrongly be 04-06):
//       1 MUG, subtotal 9.00 (10.00 less its 1.00 share of the line discount), tax 1.35.
//   #2  2026-04-05T11:30Z = 04-05 23:30 NZST. TEE 2 x 30.00 and a 50.00 gift card; shipping 10.00;
//       tax 9.00; duties 4.00. Refund 12 at 2026-04-05T12:00Z = 04-06 00:00: 1 TEE, 30.00, tax
//       4.50, duties 2.00. Cancelled at 2026-04-05T12:30Z = 04-06 00:30, the rest unrefunded.
//   #3  a test order on 04-05 (100.00): excluded everywhere.
//   #4  2026-04-05T12:30Z = 04-06 00:30, a guest. MUG 3 x 10.00, tax 4.50. Cancelled and refunded in
//       full at once: refund 14 at 2026-04-05T12:40Z (04-06), 3 MUG, 30.00, tax 4.50.
//   #5  2025-04-05T01:00Z = 2025-04-05 14:00 NZDT (last year): MUG 4 x 10.00, customer 1.
//   #6  2026-04-02T01:00Z = 04-02 14:00 NZDT (the previous period): TEE 1 x 30.00, customer 2.
//
// Los Angeles (USD, America/Los_Angeles). Daylight saving starts Sunday 2026-03-08 at 02:00 PST
// (UTC-8) -> 03:00 PDT (UTC-7), i.e. at 2026-03-08T10:00Z; that day has 23 hours.
//   #21 2026-03-08T07:30Z = 03-07 23:30 PST. TEE 1 x 40.00, shipping 8.00, tax 3.60.
//       Refund 31 at 2026-03-08T08:30Z = 03-08 00:30 PST: the TEE, 40.00, tax 3.60, shipping 8.00.
//       Cancelled after that refund (2026-03-08T09:00Z = 03-08 01:00): nothing left to return.
//   #22 2026-03-09T07:30Z = 03-09 00:30 PDT (on PST it would wrongly be 03-08 23:30). MUG 4 x 12.50
//       with a 5.00 order-discount share; tax 4.05. Sold through Point of Sale.
import type { OrderSpec, RefundSpec, ShopSpec } from "./facts-builder";

export const AUCKLAND: ShopSpec = { shop: "auckland.myshopify.com", currency: "NZD", tz: "Pacific/Auckland" };
export const LOS_ANGELES: ShopSpec = { shop: "los-angeles.myshopify.com", currency: "USD", tz: "America/Los_Angeles" };

export const AUCKLAND_ORDERS: OrderSpec[] = [
  { n: 1, at: "2026-04-04T10:30:00Z", customer: "1", lines: [{ sku: "MUG", qty: 2, unit: "10.00", discount: "2.00", title: "Mug" }, { sku: "TEE", qty: 1, unit: "30.00", discount: "3.00", title: "T-shirt" }], shipping: "5.00", shippingDiscount: "1.00", tax: "6.75" },
  { n: 2, at: "2026-04-05T11:30:00Z", customer: "2", lines: [{ sku: "TEE", qty: 2, unit: "30.00", title: "T-shirt" }, { sku: "GIFT", qty: 1, unit: "50.00", giftCard: true, title: "Gift card" }], shipping: "10.00", tax: "9.00", duties: "4.00", cancelledAt: "2026-04-05T12:30:00Z" },
  { n: 3, at: "2026-04-05T01:00:00Z", customer: "1", test: true, lines: [{ sku: "TEE", qty: 1, unit: "100.00" }] },
  { n: 4, at: "2026-04-05T12:30:00Z", customer: null, lines: [{ sku: "MUG", qty: 3, unit: "10.00", title: "Mug" }], tax: "4.50", cancelledAt: "2026-04-05T12:40:00Z" },
  { n: 5, at: "2025-04-05T01:00:00Z", customer: "1", lines: [{ sku: "MUG", qty: 4, unit: "10.00", title: "Mug" }] },
  { n: 6, at: "2026-04-02T01:00:00Z", customer: "2", lines: [{ sku: "TEE", qty: 1, unit: "30.00", title: "T-shirt" }] },
];
export const AUCKLAND_REFUNDS: RefundSpec[] = [
  { n: 11, order: 1, at: "2026-04-05T11:30:00Z", lines: [{ line: 0, qty: 1, subtotal: "9.00", tax: "1.35" }] },
  { n: 12, order: 2, at: "2026-04-05T12:00:00Z", lines: [{ line: 0, qty: 1, subtotal: "30.00", tax: "4.50" }], duties: "2.00" },
  { n: 14, order: 4, at: "2026-04-05T12:40:00Z", lines: [{ line: 0, qty: 3, subtotal: "30.00", tax: "4.50" }] },
];

export const LA_ORDERS: OrderSpec[] = [
  { n: 21, at: "2026-03-08T07:30:00Z", customer: "7", lines: [{ sku: "TEE", qty: 1, unit: "40.00", title: "T-shirt" }], shipping: "8.00", tax: "3.60", cancelledAt: "2026-03-08T09:00:00Z" },
  { n: 22, at: "2026-03-09T07:30:00Z", customer: "8", channel: "Point of Sale", lines: [{ sku: "MUG", qty: 4, unit: "12.50", discount: "5.00", title: "Mug" }], tax: "4.05" },
];
export const LA_REFUNDS: RefundSpec[] = [
  { n: 31, order: 21, at: "2026-03-08T08:30:00Z", lines: [{ line: 0, qty: 1, subtotal: "40.00", tax: "3.60" }], shipping: "8.00" },
];
