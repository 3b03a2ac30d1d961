// Return rate (docs/kpis.md#return-rate): by units, by orders and by value, over the orders
// BOOKED in the range (order-date cohort), counting only orders old enough to have been returned
// (the maturity window, default 30 days before the "as of" day) and only refunds processed up to
// the "as of" day, so a figure "as of" a day never changes afterwards. Cancelled orders (and
// refund lines restocked as CANCEL) are not returns: they are left out entirely.
import type { PrismaClient } from "@prisma/client";
import { divideToDecimal } from "../money";
import { addDays, type DayRange } from "../time";
import { big } from "./sales";

type Row = Record<string, bigint | number | string | null>;

export const DEFAULT_RETURN_WINDOW_DAYS = 30;

export interface ReturnRateOptions {
  asOf: string; // shop-local day the figures are computed at (usually today)
  windowDays?: number; // an order counts once it is at least this many days old on asOf
}

export interface ReturnRateFigures {
  orders: number;
  ordersWithReturn: number;
  unitsSold: number;
  unitsReturned: number;
  netSold: bigint; // gross − discounts of the counted lines
  valueReturned: bigint; // refund line subtotals
  byUnits: string | null; // unitsReturned / unitsSold
  byOrders: string | null; // ordersWithReturn / orders
  byValue: string | null; // valueReturned / netSold
}

export interface ProductReturnRate extends Omit<ReturnRateFigures, "orders" | "ordersWithReturn" | "byOrders"> {
  key: string; // SKU, or the title for lines without one
  title: string;
}

export interface ReturnRateReport extends ReturnRateFigures {
  range: DayRange;
  asOf: string;
  windowDays: number;
  matureThrough: string; // last order day old enough to count
  immatureOrders: number; // orders in the range left out because they are too recent
  products: ProductReturnRate[]; // most units returned first
}

// What the counted orders sold, per product (SKU, else title), and how many orders that is.
const COUNTED = `o."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND o."cancelledAt" IS NULL AND l."isGiftCard" = 0`;
const SOLD_BY_PRODUCT = `
  SELECT COALESCE(l."sku", l."title") AS product, MIN(l."title") AS title, SUM(l."quantity") AS qty, SUM(l."grossAmount" - l."discountAmount") AS net
  FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE l."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND ${COUNTED}
  GROUP BY COALESCE(l."sku", l."title")`;
const ORDERS_COUNTED = `
  SELECT COUNT(DISTINCT l."orderId") AS n
  FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE l."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND ${COUNTED}`;
// What came back from them by asOf (refunds processed up to asOf, not restocked as CANCEL),
// starting from the refund lines (far fewer than order lines).
const RETURNED_BY_PRODUCT = `
  SELECT COALESCE(l."sku", l."title") AS product, MIN(l."title") AS title, SUM(rl."quantity") AS qty, SUM(rl."subtotalAmount") AS sub,
    COUNT(DISTINCT l."orderId") AS orders
  FROM "RefundLine" rl
  JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
  JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE rl."shop" = ? AND r."processedDay" <= ? AND rl."restockType" <> 'CANCEL' AND ${COUNTED}
  GROUP BY COALESCE(l."sku", l."title")`;
const ORDERS_WITH_RETURN = `
  SELECT COUNT(DISTINCT l."orderId") AS n
  FROM "RefundLine" rl
  JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
  JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE rl."shop" = ? AND r."processedDay" <= ? AND rl."restockType" <> 'CANCEL' AND rl."quantity" > 0 AND ${COUNTED}`;

const IMMATURE = `
  SELECT COUNT(*) AS n FROM "Order" o
  WHERE o."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND o."cancelledAt" IS NULL`;

function rates(f: Omit<ReturnRateFigures, "byUnits" | "byOrders" | "byValue">): Pick<ReturnRateFigures, "byUnits" | "byOrders" | "byValue"> {
  return {
    byUnits: divideToDecimal(BigInt(f.unitsReturned), BigInt(f.unitsSold), 4),
    byOrders: divideToDecimal(BigInt(f.ordersWithReturn), BigInt(f.orders), 4),
    byValue: divideToDecimal(f.valueReturned, f.netSold, 4),
  };
}

export async function returnRate(db: PrismaClient, shop: string, range: DayRange, opts: ReturnRateOptions): Promise<ReturnRateReport> {
  const windowDays = opts.windowDays ?? DEFAULT_RETURN_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 0) throw new Error(`return window: expected a whole number of days ≥ 0, got ${windowDays}`);
  const matureThrough = addDays(opts.asOf, -windowDays);
  const to = range.to < matureThrough ? range.to : matureThrough;
  const none = Promise.resolve([] as Row[]);
  const mature = to >= range.from;
  const c = [shop, range.from, to]; // the COUNTED filter's arguments
  const [sold, orders, returned, withReturn, immature] = await Promise.all([
    mature ? db.$queryRawUnsafe<Row[]>(SOLD_BY_PRODUCT, shop, range.from, to, ...c) : none,
    mature ? db.$queryRawUnsafe<Row[]>(ORDERS_COUNTED, shop, range.from, to, ...c) : none,
    mature ? db.$queryRawUnsafe<Row[]>(RETURNED_BY_PRODUCT, shop, opts.asOf, ...c) : none,
    mature ? db.$queryRawUnsafe<Row[]>(ORDERS_WITH_RETURN, shop, opts.asOf, ...c) : none,
    range.to > to ? db.$queryRawUnsafe<Row[]>(IMMATURE, shop, mature ? addDays(to, 1) : range.from, range.to) : none,
  ]);
  const products = new Map<string, ProductReturnRate>();
  const total = { unitsSold: 0, unitsReturned: 0, netSold: 0n, valueReturned: 0n };
  const product = (r: Row) => {
    const key = String(r.product);
    let p = products.get(key);
    if (!p) products.set(key, (p = { key, title: String(r.title), unitsSold: 0, unitsReturned: 0, netSold: 0n, valueReturned: 0n, byUnits: null, byValue: null }));
    return p;
  };
  for (const r of sold) {
    for (const acc of [product(r), total]) {
      acc.unitsSold += Number(big(r.qty));
      acc.netSold += big(r.net);
    }
  }
  for (const r of returned) {
    for (const acc of [product(r), total]) {
      acc.unitsReturned += Number(big(r.qty));
      acc.valueReturned += big(r.sub);
    }
  }
  const figures = { ...total, orders: Number(big(orders[0]?.n)), ordersWithReturn: Number(big(withReturn[0]?.n)) };
  return {
    range,
    asOf: opts.asOf,
    windowDays,
    matureThrough,
    immatureOrders: Number(big(immature[0]?.n)),
    ...figures,
    ...rates(figures),
    products: [...products.values()]
      .map((p) => ({ ...p, byUnits: divideToDecimal(BigInt(p.unitsReturned), BigInt(p.unitsSold), 4), byValue: divideToDecimal(p.valueReturned, p.netSold, 4) }))
      .sort((a, b) => b.unitsReturned - a.unitsReturned || a.key.localeCompare(b.key)),
  };
}
