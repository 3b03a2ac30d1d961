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

// Per line of the counted orders: what was sold and what of it came back by asOf.
const LINES = `
  SELECT o."id" AS orderId, COALESCE(l."sku", l."title") AS product, l."title" AS title,
    l."quantity" AS qty, l."grossAmount" - l."discountAmount" AS net,
    COALESCE(rf.qty, 0) AS rqty, COALESCE(rf.sub, 0) AS rsub
  FROM "OrderLine" l
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  LEFT JOIN (
    SELECT rl."lineItemId" AS lid, SUM(rl."quantity") AS qty, SUM(rl."subtotalAmount") AS sub
    FROM "RefundLine" rl JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
    WHERE rl."shop" = ? AND r."processedDay" <= ? AND rl."restockType" <> 'CANCEL'
    GROUP BY rl."lineItemId") rf ON rf.lid = l."id"
  WHERE l."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND o."cancelledAt" IS NULL AND l."isGiftCard" = 0`;

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
  const [lines, immature] = await Promise.all([
    to >= range.from ? db.$queryRawUnsafe<Row[]>(LINES, shop, opts.asOf, shop, range.from, to) : Promise.resolve([] as Row[]),
    range.to > to ? db.$queryRawUnsafe<Row[]>(IMMATURE, shop, to >= range.from ? addDays(to, 1) : range.from, range.to) : Promise.resolve([] as Row[]),
  ]);
  const orders = new Map<string, boolean>();
  const products = new Map<string, ProductReturnRate>();
  const total = { unitsSold: 0, unitsReturned: 0, netSold: 0n, valueReturned: 0n };
  for (const l of lines) {
    const id = String(l.orderId);
    const rqty = Number(big(l.rqty));
    orders.set(id, (orders.get(id) ?? false) || rqty > 0);
    const key = String(l.product);
    let p = products.get(key);
    if (!p) products.set(key, (p = { key, title: String(l.title), unitsSold: 0, unitsReturned: 0, netSold: 0n, valueReturned: 0n, byUnits: null, byValue: null }));
    for (const acc of [p, total]) {
      acc.unitsSold += Number(big(l.qty));
      acc.unitsReturned += rqty;
      acc.netSold += big(l.net);
      acc.valueReturned += big(l.rsub);
    }
  }
  const figures = { ...total, orders: orders.size, ordersWithReturn: [...orders.values()].filter(Boolean).length };
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
