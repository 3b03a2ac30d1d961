// Customer KPIs (docs/kpis.md#customers): new vs returning, Shopify's returning customer rate,
// repeat purchase rate, monthly cohorts (retention, cumulative net sales per customer) and time
// to second order. A customer is Order.customer; guest orders (no customer) are counted apart.
// "First order" is the first in Grip's synced history unless Shopify says otherwise: an order whose
// Order.customerOrderIndex (customerJourneySummary, when synced) is above 1 had earlier orders
// Grip does not hold, so its customer is returning and has no known first order.
//
// The order history of the shop's customers up to the range's end is read once and the KPIs are
// worked out from it in memory (exact integers); pre-aggregated rollups are later work (issue #5).
import type { PrismaClient } from "@prisma/client";
import { averageMinor, divideToDecimal } from "../money";
import { daysInRange, type DayRange } from "../time";
import { buckets, type Granularity } from "./periods";
import { big, shopCurrency } from "./sales";

type Row = Record<string, bigint | number | string | null>;

const pos = (x: string) => `CASE WHEN (${x}) > 0 THEN (${x}) ELSE 0 END`;

// Each non-test order of a known customer up to a day, with its net sales in the order-date view:
// Σ over its non-gift-card lines of (gross − discounts − refunded subtotal − the cancelled rest),
// whenever the refund or cancellation happened (so a cancelled order's net is 0).
const CUSTOMER_ORDERS = `
  SELECT o."id" AS id, o."customerId" AS customer, o."processedDay" AS day, o."customerOrderIndex" AS idx,
    COALESCE(SUM(CASE WHEN l."isGiftCard" = 0 THEN
      l."grossAmount" - l."discountAmount" - COALESCE(rf.sub, 0)
      - CASE WHEN o."cancelledAt" IS NOT NULL THEN ${pos(`l."grossAmount" - l."discountAmount" - COALESCE(rf.sub, 0)`)} ELSE 0 END
    ELSE 0 END), 0) AS net
  FROM "Order" o
  LEFT JOIN "OrderLine" l ON l."shop" = o."shop" AND l."orderId" = o."id"
  LEFT JOIN (SELECT rl."lineItemId" AS lid, SUM(rl."subtotalAmount") AS sub FROM "RefundLine" rl WHERE rl."shop" = ? GROUP BY rl."lineItemId") rf ON rf.lid = l."id"
  WHERE o."shop" = ? AND o."test" = 0 AND o."customerId" IS NOT NULL AND o."processedDay" <= ?
  GROUP BY o."id", o."customerId", o."processedDay", o."customerOrderIndex"`;

const GUEST_ORDERS = `
  SELECT COUNT(*) AS orders FROM "Order" o
  WHERE o."shop" = ? AND o."test" = 0 AND o."customerId" IS NULL AND o."processedDay" BETWEEN ? AND ?`;

export interface CohortRow {
  month: string; // "2026-01": the shop-local month of the cohort's customers' first order
  customers: number;
  /** Per month since the first (k = 0, 1, ...; up to the range's last month): share of the
   * cohort with at least one order that month, "0.5000"; null for an empty cohort. */
  retention: Array<string | null>;
  /** Cumulative net sales per cohort customer up to month k (minor units); null for an empty cohort. */
  netSalesPerCustomer: Array<bigint | null>;
}

export interface CustomerSummary {
  shop: string;
  currency: string;
  range: DayRange;
  customers: number; // distinct customers with an order in the range
  newCustomers: number; // ... whose first order ever (in Grip's history) is in the range
  returningCustomers: number; // ... whose first order was before the range
  guestOrders: number; // orders in the range without a customer (not in any figure above)
  returningCustomerRate: string | null; // Shopify's: customers with > 1 order up to the range's end / customers
  repeatPurchaseRate: string | null; // customers with ≥ 2 orders inside the range / customers
  secondOrders: number; // customers whose second order falls in the range
  medianDaysToSecondOrder: string | null; // over those customers; "35" or "20.5"
  meanDaysToSecondOrder: string | null; // 2 decimals
}

interface CustomerOrder { id: string; day: string; net: bigint; idx: number | null }

/** Grip holds the customer's first order unless Shopify numbers its earliest one above 1. */
function holdsFirstOrder(orders: CustomerOrder[]): boolean {
  return orders[0].idx === null || orders[0].idx <= 1;
}

/** Orders placed up to the last of these (Shopify's count when it is known to be larger). */
function ordersSoFar(orders: CustomerOrder[]): number {
  let n = orders.length;
  for (const o of orders) if (o.idx !== null && o.idx > n) n = o.idx;
  return n;
}

async function history(db: PrismaClient, shop: string, upTo: string): Promise<Map<string, CustomerOrder[]>> {
  const rows = await db.$queryRawUnsafe<Row[]>(CUSTOMER_ORDERS, shop, shop, upTo);
  const byCustomer = new Map<string, CustomerOrder[]>();
  for (const r of rows) {
    const c = String(r.customer);
    let list = byCustomer.get(c);
    if (!list) byCustomer.set(c, (list = []));
    list.push({ id: String(r.id), day: String(r.day), net: big(r.net), idx: r.idx === null || r.idx === undefined ? null : Number(r.idx) });
  }
  // First order = earliest day; same-day orders in id order, so the result never depends on the
  // database's row order.
  for (const list of byCustomer.values()) list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return byCustomer;
}

function median(values: number[]): string | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  if (v.length % 2 === 1) return String(v[mid]);
  const twice = v[mid - 1] + v[mid]; // integers: the median is n or n.5, exactly
  return twice % 2 === 0 ? String(twice / 2) : `${(twice - 1) / 2}.5`;
}

export async function customerSummary(db: PrismaClient, shop: string, range: DayRange): Promise<CustomerSummary> {
  const [currency, byCustomer, guests] = await Promise.all([
    shopCurrency(db, shop),
    history(db, shop, range.to),
    db.$queryRawUnsafe<Row[]>(GUEST_ORDERS, shop, range.from, range.to),
  ]);
  let customers = 0, fresh = 0, multi = 0, repeat = 0;
  const gaps: number[] = [];
  for (const orders of byCustomer.values()) {
    const inRange = orders.filter((o) => o.day >= range.from);
    const known = holdsFirstOrder(orders);
    if (known && orders.length >= 2 && orders[1].day >= range.from) gaps.push(daysInRange(orders[0].day, orders[1].day) - 1);
    if (inRange.length === 0) continue;
    customers++;
    if (known && orders[0].day >= range.from) fresh++;
    if (ordersSoFar(orders) >= 2) multi++;
    if (inRange.length >= 2) repeat++;
  }
  const total = gaps.reduce((a, b) => a + b, 0);
  return {
    shop,
    currency,
    range,
    customers,
    newCustomers: fresh,
    returningCustomers: customers - fresh,
    guestOrders: Number(big(guests[0]?.orders)),
    returningCustomerRate: divideToDecimal(BigInt(multi), BigInt(customers), 4),
    repeatPurchaseRate: divideToDecimal(BigInt(repeat), BigInt(customers), 4),
    secondOrders: gaps.length,
    medianDaysToSecondOrder: median(gaps),
    meanDaysToSecondOrder: divideToDecimal(BigInt(total), BigInt(gaps.length), 2),
  };
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Monthly cohorts of the customers whose first order falls in the range's months. */
export async function customerCohorts(db: PrismaClient, shop: string, range: DayRange): Promise<CohortRow[]> {
  const byCustomer = await history(db, shop, range.to);
  const first = monthIndex(range.from.slice(0, 7));
  const last = monthIndex(range.to.slice(0, 7));
  const cohorts = new Map<number, CustomerOrder[][]>();
  for (const orders of byCustomer.values()) {
    if (!holdsFirstOrder(orders)) continue; // first month unknown: in no cohort
    const c = monthIndex(orders[0].day.slice(0, 7));
    if (c < first || c > last) continue;
    let list = cohorts.get(c);
    if (!list) cohorts.set(c, (list = []));
    list.push(orders);
  }
  const out: CohortRow[] = [];
  for (let c = first; c <= last; c++) {
    const members = cohorts.get(c) ?? [];
    const months = last - c + 1;
    const active = new Array<number>(months).fill(0);
    const net = new Array<bigint>(months).fill(0n);
    for (const orders of members) {
      const seen = new Set<number>();
      for (const o of orders) {
        const k = monthIndex(o.day.slice(0, 7)) - c;
        if (k < 0 || k >= months) continue;
        net[k] += o.net;
        seen.add(k);
      }
      for (const k of seen) active[k]++;
    }
    let cumulative = 0n;
    out.push({
      month: monthOf(c),
      customers: members.length,
      retention: active.map((a) => divideToDecimal(BigInt(a), BigInt(members.length), 4)),
      netSalesPerCustomer: net.map((n) => {
        cumulative += n;
        return averageMinor(cumulative, members.length);
      }),
    });
  }
  return out;
}

export interface CustomerSeriesPoint {
  key: string;
  from: string;
  to: string;
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  returningCustomerRate: string | null;
}

/** New and returning customers per day/ISO week/month bucket of the range (same rules as customerSummary). */
export async function customerSeries(db: PrismaClient, shop: string, range: DayRange, granularity: Granularity): Promise<CustomerSeriesPoint[]> {
  const byCustomer = await history(db, shop, range.to);
  return buckets(range, granularity).map((b) => {
    let customers = 0, fresh = 0, multi = 0;
    for (const orders of byCustomer.values()) {
      if (!orders.some((o) => o.day >= b.from && o.day <= b.to)) continue;
      customers++;
      if (holdsFirstOrder(orders) && orders[0].day >= b.from) fresh++;
      if (ordersSoFar(orders.filter((o) => o.day <= b.to)) >= 2) multi++;
    }
    return { key: b.key, from: b.from, to: b.to, customers, newCustomers: fresh, returningCustomers: customers - fresh, returningCustomerRate: divideToDecimal(BigInt(multi), BigInt(customers), 4) };
  });
}
