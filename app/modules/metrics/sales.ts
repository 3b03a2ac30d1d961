// Sales KPIs as Shopify's sales report defines them (docs/kpis.md#sales-report): sales are
// booked on the order's shop-local day, returns on the refund's shop-local day, and a cancelled
// order's unrefunded remainder as a return on its cancel day; test orders are excluded; gift-card
// lines are not sales. All sums are exact integers (minor units) done by the database.
//
// Everything is computed per shop-local day first (salesDays); summaries and weekly/monthly
// series are sums of those days, so a total always equals the sum of its series.
import type { PrismaClient } from "@prisma/client";
import { averageMinor, divideToDecimal } from "../money";
import { eachDay, type DayRange } from "../time";
import type { ChannelRevenue, DailyPoint, SalesDay, SalesSummary } from "./types";

type Row = Record<string, bigint | number | string | null>;

export function big(v: unknown): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(v);
  return BigInt(String(v));
}

export async function shopCurrency(db: PrismaClient, shop: string): Promise<string> {
  const s = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  if (!s) throw new Error(`shop ${shop} is not installed`);
  return s.currencyCode;
}

// "GREATEST(x, 0)" written so SQLite and PostgreSQL both accept it.
const pos = (x: string) => `CASE WHEN (${x}) > 0 THEN (${x}) ELSE 0 END`;

// Product sales by order day: gross (unit price x ordered units), discounts, units.
const SALES_BY_DAY = `
  SELECT l."processedDay" AS day, SUM(l."grossAmount") AS gross, SUM(l."discountAmount") AS discounts, SUM(l."quantity") AS units
  FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE l."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
  GROUP BY l."processedDay"`;

// Orders, and the order-level taxes and duties charged, by order day.
const ORDERS_BY_DAY = `
  SELECT o."processedDay" AS day, COUNT(*) AS orders, SUM(o."totalTaxAmount") AS taxes, SUM(o."totalDutiesAmount") AS duties
  FROM "Order" o WHERE o."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0
  GROUP BY o."processedDay"`;

// Shipping charged (after shipping discounts) by order day.
const SHIPPING_BY_DAY = `
  SELECT o."processedDay" AS day, SUM(s."amount" - s."discountAmount") AS shipping
  FROM "ShippingLine" s JOIN "Order" o ON o."shop" = s."shop" AND o."id" = s."orderId"
  WHERE s."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0
  GROUP BY o."processedDay"`;

// Returns by refund day: the value of the goods refunded (refund line subtotals) and their units,
// gift cards aside; refunded tax over every line (tax was charged at order level on all of them).
const REFUND_LINES_BY_DAY = `
  SELECT r."processedDay" AS day,
    SUM(CASE WHEN l."isGiftCard" = 0 THEN rl."subtotalAmount" ELSE 0 END) AS returns,
    SUM(CASE WHEN l."isGiftCard" = 0 THEN rl."quantity" ELSE 0 END) AS units,
    SUM(rl."taxAmount") AS taxes
  FROM "RefundLine" rl
  JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
  JOIN "Order" o ON o."shop" = r."shop" AND o."id" = r."orderId"
  JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
  WHERE rl."shop" = ? AND r."processedDay" BETWEEN ? AND ? AND o."test" = 0
  GROUP BY r."processedDay"`;

// Refunded shipping and duties by refund day (refund headers).
const REFUNDS_BY_DAY = `
  SELECT r."processedDay" AS day, SUM(r."shippingRefundedAmount") AS shipping, SUM(r."dutiesRefundedAmount") AS duties
  FROM "Refund" r JOIN "Order" o ON o."shop" = r."shop" AND o."id" = r."orderId"
  WHERE r."shop" = ? AND r."processedDay" BETWEEN ? AND ? AND o."test" = 0
  GROUP BY r."processedDay"`;

// Cancellations, by cancel day: per line, the part of its net value (gross − discounts) and of
// its units that no refund covers, whenever that refund was processed (so a refund issued with
// or after the cancellation is never counted twice). Driven from the (few) cancelled orders:
// the lines are found through their order (IN), the refunded part by an index lookup per line.
const REFUNDED_SUB = `(SELECT COALESCE(SUM(rl."subtotalAmount"), 0) FROM "RefundLine" rl WHERE rl."shop" = l."shop" AND rl."lineItemId" = l."id")`;
const REFUNDED_QTY = `(SELECT COALESCE(SUM(rl."quantity"), 0) FROM "RefundLine" rl WHERE rl."shop" = l."shop" AND rl."lineItemId" = l."id")`;
const CANCELLED_ORDER_IDS = `SELECT c."id" FROM "Order" c WHERE c."shop" = ? AND c."cancelledDay" BETWEEN ? AND ? AND c."test" = 0`;
const CANCELLED_LINES_BY_DAY = `
  SELECT o."cancelledDay" AS day,
    SUM(${pos(`l."grossAmount" - l."discountAmount" - ${REFUNDED_SUB}`)}) AS returns,
    SUM(${pos(`l."quantity" - ${REFUNDED_QTY}`)}) AS units
  FROM "OrderLine" l
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE l."shop" = ? AND l."orderId" IN (${CANCELLED_ORDER_IDS}) AND l."isGiftCard" = 0
  GROUP BY o."cancelledDay"`;

// Cancellations, order level, by cancel day: the shipping, taxes and duties no refund gave back.
// (Correlated lookups through the (shop, orderId) indexes: only cancelled orders are visited.)
const CANCELLED_ORDERS_BY_DAY = `
  SELECT o."cancelledDay" AS day,
    SUM(${pos(`(SELECT COALESCE(SUM(s."amount" - s."discountAmount"), 0) FROM "ShippingLine" s WHERE s."shop" = o."shop" AND s."orderId" = o."id")
      - (SELECT COALESCE(SUM(r."shippingRefundedAmount"), 0) FROM "Refund" r WHERE r."shop" = o."shop" AND r."orderId" = o."id")`)}) AS shipping,
    SUM(${pos(`o."totalTaxAmount" - (SELECT COALESCE(SUM(rl."taxAmount"), 0) FROM "Refund" r JOIN "RefundLine" rl ON rl."shop" = r."shop" AND rl."refundId" = r."id" WHERE r."shop" = o."shop" AND r."orderId" = o."id")`)}) AS taxes,
    SUM(${pos(`o."totalDutiesAmount" - (SELECT COALESCE(SUM(r."dutiesRefundedAmount"), 0) FROM "Refund" r WHERE r."shop" = o."shop" AND r."orderId" = o."id")`)}) AS duties
  FROM "Order" o
  WHERE o."shop" = ? AND o."cancelledDay" BETWEEN ? AND ? AND o."test" = 0
  GROUP BY o."cancelledDay"`;

// Return rate's numerator of the first slice: units refunded from the orders placed in the range.
const UNITS_RETURNED_BY_ORDER_DATE = `
  SELECT SUM(rl."quantity") AS units
  FROM "RefundLine" rl
  JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE rl."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0`;

function byDay(rows: Row[]): Map<string, Row> {
  return new Map(rows.map((r) => [String(r.day), r]));
}

/** The sales report, one row per shop-local day of the range (days without activity are zeros). */
export async function salesDays(db: PrismaClient, shop: string, range: DayRange): Promise<SalesDay[]> {
  const args = [shop, range.from, range.to];
  const [sales, orders, shipping, refundLines, refunds, cancelLines, cancelOrders] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(SALES_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(ORDERS_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(SHIPPING_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(REFUND_LINES_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(REFUNDS_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(CANCELLED_LINES_BY_DAY, shop, ...args),
    db.$queryRawUnsafe<Row[]>(CANCELLED_ORDERS_BY_DAY, ...args),
  ]);
  const [s, o, sh, rl, r, cl, co] = [sales, orders, shipping, refundLines, refunds, cancelLines, cancelOrders].map(byDay);
  return eachDay(range.from, range.to).map((day) => {
    const grossSales = big(s.get(day)?.gross);
    const discounts = big(s.get(day)?.discounts);
    const refunded = big(rl.get(day)?.returns);
    const cancelled = big(cl.get(day)?.returns);
    const returns = refunded + cancelled;
    const netSales = grossSales - discounts - returns;
    const shippingNet = big(sh.get(day)?.shipping) - big(r.get(day)?.shipping) - big(co.get(day)?.shipping);
    const taxes = big(o.get(day)?.taxes) - big(rl.get(day)?.taxes) - big(co.get(day)?.taxes);
    const duties = big(o.get(day)?.duties) - big(r.get(day)?.duties) - big(co.get(day)?.duties);
    return {
      day,
      orders: Number(big(o.get(day)?.orders)),
      grossSales,
      discounts,
      returns,
      cancellations: cancelled,
      netSales,
      shipping: shippingNet,
      taxes,
      duties,
      totalSales: netSales + shippingNet + taxes + duties,
      unitsSold: Number(big(s.get(day)?.units)),
      unitsReturned: Number(big(rl.get(day)?.units) + big(cl.get(day)?.units)),
    };
  });
}

const MONEY_KEYS = ["grossSales", "discounts", "returns", "cancellations", "netSales", "shipping", "taxes", "duties", "totalSales"] as const;

/** Sum of sales days (any subset: a week, a month, a whole range). */
export function sumDays(days: SalesDay[]): Omit<SalesDay, "day"> {
  const out = { orders: 0, unitsSold: 0, unitsReturned: 0 } as Omit<SalesDay, "day">;
  for (const k of MONEY_KEYS) out[k] = 0n;
  for (const d of days) {
    for (const k of MONEY_KEYS) out[k] += d[k];
    out.orders += d.orders;
    out.unitsSold += d.unitsSold;
    out.unitsReturned += d.unitsReturned;
  }
  return out;
}

export async function salesSummary(db: PrismaClient, shop: string, range: DayRange, days?: SalesDay[]): Promise<SalesSummary> {
  const currency = await shopCurrency(db, shop);
  const [theDays, unitsReturned] = await Promise.all([
    days ?? salesDays(db, shop, range),
    db.$queryRawUnsafe<Row[]>(UNITS_RETURNED_BY_ORDER_DATE, shop, range.from, range.to),
  ]);
  const t = sumDays(theDays);
  const unitsRet = Number(big(unitsReturned[0]?.units));
  return {
    shop,
    currency,
    range,
    orders: t.orders,
    grossSales: t.grossSales,
    discounts: t.discounts,
    returns: t.returns,
    cancellations: t.cancellations,
    netSales: t.netSales,
    shipping: t.shipping,
    taxes: t.taxes,
    duties: t.duties,
    totalSales: t.totalSales,
    averageOrderValue: averageMinor(t.grossSales - t.discounts, t.orders),
    unitsSold: t.unitsSold,
    unitsReturned: unitsRet,
    returnRate: divideToDecimal(BigInt(unitsRet), BigInt(t.unitsSold), 4),
  };
}

/** One point per day of the range, days without sales as zero. */
export async function dailySales(db: PrismaClient, shop: string, range: DayRange): Promise<DailyPoint[]> {
  return (await salesDays(db, shop, range)).map((d) => ({ day: d.day, grossSales: d.grossSales, netSales: d.netSales, orders: d.orders, totalSales: d.totalSales }));
}

/** Revenue per sales channel: returns (and cancellations) count against the channel of the order they came from. */
export async function revenueByChannel(db: PrismaClient, shop: string, range: DayRange): Promise<ChannelRevenue[]> {
  const args = [shop, range.from, range.to];
  const [sales, returns, cancels, orders] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(`
      SELECT o."salesChannel" AS channel, SUM(l."grossAmount") AS gross, SUM(l."discountAmount") AS discounts
      FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
      WHERE l."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
      GROUP BY o."salesChannel"`, ...args),
    db.$queryRawUnsafe<Row[]>(`
      SELECT o."salesChannel" AS channel, SUM(rl."subtotalAmount") AS returns
      FROM "RefundLine" rl
      JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
      JOIN "Order" o ON o."shop" = r."shop" AND o."id" = r."orderId"
      JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
      WHERE rl."shop" = ? AND r."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
      GROUP BY o."salesChannel"`, ...args),
    db.$queryRawUnsafe<Row[]>(`
      SELECT o."salesChannel" AS channel, SUM(${pos(`l."grossAmount" - l."discountAmount" - ${REFUNDED_SUB}`)}) AS returns
      FROM "OrderLine" l
      JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
      WHERE l."shop" = ? AND l."orderId" IN (${CANCELLED_ORDER_IDS}) AND l."isGiftCard" = 0
      GROUP BY o."salesChannel"`, shop, ...args),
    db.$queryRawUnsafe<Row[]>(`
      SELECT o."salesChannel" AS channel, COUNT(*) AS orders FROM "Order" o
      WHERE o."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0
      GROUP BY o."salesChannel"`, ...args),
  ]);
  const channels = new Set([...sales, ...returns, ...cancels, ...orders].map((r) => String(r.channel)));
  const find = (rows: Row[], c: string) => rows.find((r) => String(r.channel) === c);
  return [...channels]
    .map((channel) => {
      const gross = big(find(sales, channel)?.gross);
      const disc = big(find(sales, channel)?.discounts);
      const ret = big(find(returns, channel)?.returns) + big(find(cancels, channel)?.returns);
      return {
        channel,
        orders: Number(big(find(orders, channel)?.orders)),
        grossSales: gross,
        discounts: disc,
        returns: ret,
        netSales: gross - disc - ret,
      };
    })
    .sort((a, b) => (b.netSales > a.netSales ? 1 : b.netSales < a.netSales ? -1 : a.channel.localeCompare(b.channel)));
}

/** First and last shop-local day with an order, or null for a shop without orders. */
export async function orderDayBounds(db: PrismaClient, shop: string): Promise<{ first: string; last: string } | null> {
  const r = await db.order.aggregate({ where: { shop, test: false }, _min: { processedDay: true }, _max: { processedDay: true } });
  if (!r._min.processedDay || !r._max.processedDay) return null;
  return { first: r._min.processedDay, last: r._max.processedDay };
}

export interface ProductSales {
  key: string; // SKU, or the title for lines without one
  title: string;
  unitsSold: number;
  grossSales: bigint;
  discounts: bigint;
  returns: bigint; // refunds and cancellations booked in the range (sales-report day view)
  netSales: bigint;
}

/** Sales per product (SKU, else title) in the sales report's day view: largest net sales first. */
export async function salesByProduct(db: PrismaClient, shop: string, range: DayRange): Promise<ProductSales[]> {
  const args = [shop, range.from, range.to];
  const [sales, returns, cancels] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(`
      SELECT COALESCE(l."sku", l."title") AS product, MIN(l."title") AS title, SUM(l."quantity") AS units, SUM(l."grossAmount") AS gross, SUM(l."discountAmount") AS discounts
      FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
      WHERE l."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
      GROUP BY COALESCE(l."sku", l."title")`, ...args),
    db.$queryRawUnsafe<Row[]>(`
      SELECT COALESCE(l."sku", l."title") AS product, MIN(l."title") AS title, SUM(rl."subtotalAmount") AS returns
      FROM "RefundLine" rl
      JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
      JOIN "Order" o ON o."shop" = r."shop" AND o."id" = r."orderId"
      JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
      WHERE rl."shop" = ? AND r."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
      GROUP BY COALESCE(l."sku", l."title")`, ...args),
    db.$queryRawUnsafe<Row[]>(`
      SELECT COALESCE(l."sku", l."title") AS product, MIN(l."title") AS title, SUM(${pos(`l."grossAmount" - l."discountAmount" - ${REFUNDED_SUB}`)}) AS returns
      FROM "OrderLine" l
      WHERE l."shop" = ? AND l."orderId" IN (${CANCELLED_ORDER_IDS}) AND l."isGiftCard" = 0
      GROUP BY COALESCE(l."sku", l."title")`, shop, ...args),
  ]);
  const out = new Map<string, ProductSales>();
  const get = (r: Row) => {
    const key = String(r.product);
    let p = out.get(key);
    if (!p) out.set(key, (p = { key, title: String(r.title), unitsSold: 0, grossSales: 0n, discounts: 0n, returns: 0n, netSales: 0n }));
    return p;
  };
  for (const r of sales) {
    const p = get(r);
    p.unitsSold += Number(big(r.units));
    p.grossSales += big(r.gross);
    p.discounts += big(r.discounts);
  }
  for (const r of [...returns, ...cancels]) get(r).returns += big(r.returns);
  for (const p of out.values()) p.netSales = p.grossSales - p.discounts - p.returns;
  return [...out.values()].sort((a, b) => (b.netSales > a.netSales ? 1 : b.netSales < a.netSales ? -1 : a.key.localeCompare(b.key)));
}
