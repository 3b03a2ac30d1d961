// Sales KPIs as Shopify's sales report defines them (docs/kpis.md): sales are booked on the
// order's shop-local day, returns on the refund's shop-local day; test orders are excluded;
// gift-card lines are not sales. All sums are exact integers (minor units) done by the database.
import type { PrismaClient } from "@prisma/client";
import { averageMinor, divideToDecimal } from "../money";
import { eachDay, type DayRange } from "../time";
import type { ChannelRevenue, DailyPoint, SalesSummary } from "./types";

type Row = Record<string, bigint | number | string | null>;

function big(v: unknown): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(v);
  return BigInt(String(v));
}

async function shopCurrency(db: PrismaClient, shop: string): Promise<string> {
  const s = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  if (!s) throw new Error(`shop ${shop} is not installed`);
  return s.currencyCode;
}

// Product sales by order day: gross (unit price x ordered units), discounts, units.
const SALES_BY_DAY = `
  SELECT l."processedDay" AS day, SUM(l."grossAmount") AS gross, SUM(l."discountAmount") AS discounts, SUM(l."quantity") AS units
  FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE l."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
  GROUP BY l."processedDay"`;

// Returns by refund day: the value of the goods refunded (refund line subtotals), gift cards aside.
const RETURNS_BY_DAY = `
  SELECT r."processedDay" AS day, SUM(rl."subtotalAmount") AS returns
  FROM "RefundLine" rl
  JOIN "Refund" r ON r."shop" = rl."shop" AND r."id" = rl."refundId"
  JOIN "Order" o ON o."shop" = r."shop" AND o."id" = r."orderId"
  JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
  WHERE rl."shop" = ? AND r."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0
  GROUP BY r."processedDay"`;

const ORDERS_BY_DAY = `
  SELECT o."processedDay" AS day, COUNT(*) AS orders
  FROM "Order" o WHERE o."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0
  GROUP BY o."processedDay"`;

const SHIPPING_CHARGED = `
  SELECT SUM(s."amount" - s."discountAmount") AS shipping
  FROM "ShippingLine" s JOIN "Order" o ON o."shop" = s."shop" AND o."id" = s."orderId"
  WHERE s."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0`;

const SHIPPING_REFUNDED = `
  SELECT SUM(r."shippingRefundedAmount") AS shipping
  FROM "Refund" r JOIN "Order" o ON o."shop" = r."shop" AND o."id" = r."orderId"
  WHERE r."shop" = ? AND r."processedDay" BETWEEN ? AND ? AND o."test" = 0`;

// Return rate's numerator: units refunded from the orders placed in the range (by order date).
const UNITS_RETURNED_BY_ORDER_DATE = `
  SELECT SUM(rl."quantity") AS units
  FROM "RefundLine" rl
  JOIN "OrderLine" l ON l."shop" = rl."shop" AND l."id" = rl."lineItemId"
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE rl."shop" = ? AND l."processedDay" BETWEEN ? AND ? AND o."test" = 0 AND l."isGiftCard" = 0`;

export async function salesSummary(db: PrismaClient, shop: string, range: DayRange): Promise<SalesSummary> {
  const currency = await shopCurrency(db, shop);
  const args = [shop, range.from, range.to];
  const [sales, returns, orders, shipCharged, shipRefunded, unitsReturned] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(`SELECT SUM(gross) AS gross, SUM(discounts) AS discounts, SUM(units) AS units FROM (${SALES_BY_DAY}) t`, ...args),
    db.$queryRawUnsafe<Row[]>(`SELECT SUM(returns) AS returns FROM (${RETURNS_BY_DAY}) t`, ...args),
    db.$queryRawUnsafe<Row[]>(`SELECT SUM(orders) AS orders FROM (${ORDERS_BY_DAY}) t`, ...args),
    db.$queryRawUnsafe<Row[]>(SHIPPING_CHARGED, ...args),
    db.$queryRawUnsafe<Row[]>(SHIPPING_REFUNDED, ...args),
    db.$queryRawUnsafe<Row[]>(UNITS_RETURNED_BY_ORDER_DATE, ...args),
  ]);
  const grossSales = big(sales[0]?.gross);
  const discounts = big(sales[0]?.discounts);
  const returnsAmount = big(returns[0]?.returns);
  const orderCount = Number(big(orders[0]?.orders));
  const unitsSold = Number(big(sales[0]?.units));
  const unitsRet = Number(big(unitsReturned[0]?.units));
  return {
    shop,
    currency,
    range,
    orders: orderCount,
    grossSales,
    discounts,
    returns: returnsAmount,
    netSales: grossSales - discounts - returnsAmount,
    shipping: big(shipCharged[0]?.shipping) - big(shipRefunded[0]?.shipping),
    averageOrderValue: averageMinor(grossSales - discounts, orderCount),
    unitsSold,
    unitsReturned: unitsRet,
    returnRate: divideToDecimal(BigInt(unitsRet), BigInt(unitsSold), 4),
  };
}

/** One point per day of the range, days without sales as zero. */
export async function dailySales(db: PrismaClient, shop: string, range: DayRange): Promise<DailyPoint[]> {
  const args = [shop, range.from, range.to];
  const [sales, returns, orders] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(SALES_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(RETURNS_BY_DAY, ...args),
    db.$queryRawUnsafe<Row[]>(ORDERS_BY_DAY, ...args),
  ]);
  const s = new Map(sales.map((r) => [String(r.day), r]));
  const ret = new Map(returns.map((r) => [String(r.day), big(r.returns)]));
  const ord = new Map(orders.map((r) => [String(r.day), Number(big(r.orders))]));
  return eachDay(range.from, range.to).map((day) => {
    const gross = big(s.get(day)?.gross);
    const disc = big(s.get(day)?.discounts);
    return { day, grossSales: gross, netSales: gross - disc - (ret.get(day) ?? 0n), orders: ord.get(day) ?? 0 };
  });
}

/** Revenue per sales channel: returns count against the channel of the order they came from. */
export async function revenueByChannel(db: PrismaClient, shop: string, range: DayRange): Promise<ChannelRevenue[]> {
  const args = [shop, range.from, range.to];
  const [sales, returns, orders] = await Promise.all([
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
      SELECT o."salesChannel" AS channel, COUNT(*) AS orders FROM "Order" o
      WHERE o."shop" = ? AND o."processedDay" BETWEEN ? AND ? AND o."test" = 0
      GROUP BY o."salesChannel"`, ...args),
  ]);
  const channels = new Set([...sales, ...returns, ...orders].map((r) => String(r.channel)));
  const find = (rows: Row[], c: string) => rows.find((r) => String(r.channel) === c);
  return [...channels]
    .map((channel) => {
      const gross = big(find(sales, channel)?.gross);
      const disc = big(find(sales, channel)?.discounts);
      return {
        channel,
        orders: Number(big(find(orders, channel)?.orders)),
        grossSales: gross,
        netSales: gross - disc - big(find(returns, channel)?.returns),
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
