// Writes small hand-made shops straight into the fact tables (Shop, Order, OrderLine,
// ShippingLine, Refund, RefundLine) of a real SQLite database. The sync path is tested elsewhere
// (test/integration/sync.test.ts); the metrics tests start from facts so each edge case is one
// line here. Shop-local days are computed with the production shopLocalDay from UTC instants,
// and every test also states the days it expects, worked out by hand.
import type { PrismaClient } from "@prisma/client";
import { parseMinor } from "../../app/modules/money";
import { shopLocalDay } from "../../app/modules/time";

export interface ShopSpec { shop: string; currency: string; tz: string }

export interface LineSpec { sku: string; qty: number; unit: string; discount?: string; giftCard?: boolean; title?: string }

export interface OrderSpec {
  n: number;
  at: string; // processedAt, UTC ISO 8601
  lines: LineSpec[];
  shipping?: string;
  shippingDiscount?: string;
  tax?: string;
  duties?: string;
  cancelledAt?: string;
  test?: boolean;
  customer?: string | null; // customer number; undefined/null: a guest
  channel?: string;
  customerOrderIndex?: number; // Shopify's customerJourneySummary.customerOrderIndex, when synced
}

export interface RefundSpec {
  n: number;
  order: number;
  at: string;
  lines: Array<{ line: number; qty: number; subtotal: string; tax?: string }>; // line: index in the order's lines
  shipping?: string;
  duties?: string;
}

export const lineId = (order: number, index: number) => `gid://shopify/LineItem/${order * 100 + index}`;
export const orderId = (n: number) => `gid://shopify/Order/${n}`;
export const customerId = (c: string) => `gid://shopify/Customer/${c}`;

export async function seedShop(db: PrismaClient, s: ShopSpec, orders: OrderSpec[], refunds: RefundSpec[] = []): Promise<void> {
  const m = (v: string | undefined) => (v === undefined ? 0n : parseMinor(v, s.currency));
  await db.shop.create({ data: { domain: s.shop, name: s.shop.split(".")[0], currencyCode: s.currency, ianaTimezone: s.tz } });
  for (const o of orders) {
    const processedAt = new Date(o.at);
    const day = shopLocalDay(processedAt, s.tz);
    const gross = o.lines.reduce((t, l) => t + m(l.unit) * BigInt(l.qty), 0n);
    const disc = o.lines.reduce((t, l) => t + m(l.discount), 0n);
    await db.order.create({
      data: {
        shop: s.shop, id: orderId(o.n), name: `#${o.n}`, createdAt: processedAt, processedAt, shopifyUpdatedAt: processedAt,
        cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
        cancelledDay: o.cancelledAt ? shopLocalDay(new Date(o.cancelledAt), s.tz) : null,
        test: o.test ?? false, currencyCode: s.currency, presentmentCurrency: s.currency,
        customerId: o.customer ? customerId(o.customer) : null,
        salesChannel: o.channel ?? "Online Store", processedDay: day,
        subtotalAmount: gross - disc, totalDiscountsAmount: disc + m(o.shippingDiscount), totalShippingAmount: m(o.shipping),
        totalTaxAmount: m(o.tax), totalPriceAmount: gross - disc + m(o.shipping) - m(o.shippingDiscount) + m(o.tax) + m(o.duties),
        totalDutiesAmount: m(o.duties),
        customerOrderIndex: o.customerOrderIndex ?? null,
      },
    });
    await db.orderLine.createMany({
      data: o.lines.map((l, i) => ({
        shop: s.shop, id: lineId(o.n, i), orderId: orderId(o.n), productId: `gid://shopify/Product/${l.sku}`, variantId: null, sku: l.sku,
        title: l.title ?? l.sku, quantity: l.qty, currentQuantity: l.qty, unitPriceAmount: m(l.unit), grossAmount: m(l.unit) * BigInt(l.qty),
        discountAmount: m(l.discount), isGiftCard: l.giftCard ?? false, processedDay: day,
      })),
    });
    if (o.shipping) {
      await db.shippingLine.create({ data: { shop: s.shop, id: `gid://shopify/ShippingLine/${o.n}`, orderId: orderId(o.n), title: "Standard", amount: m(o.shipping), discountAmount: m(o.shippingDiscount) } });
    }
  }
  for (const r of refunds) {
    const processedAt = new Date(r.at);
    const id = `gid://shopify/Refund/${r.n}`;
    const lines = r.lines.map((l, i) => ({
      shop: s.shop, id: `gid://shopify/RefundLineItem/${r.n * 100 + i}`, refundId: id, orderId: orderId(r.order), lineItemId: lineId(r.order, l.line),
      quantity: l.qty, subtotalAmount: m(l.subtotal), restockType: "RETURN", taxAmount: m(l.tax),
    }));
    const total = lines.reduce((t, l) => t + l.subtotalAmount + l.taxAmount, 0n) + m(r.shipping) + m(r.duties);
    await db.refund.create({
      data: {
        shop: s.shop, id, orderId: orderId(r.order), createdAt: processedAt, processedAt, processedDay: shopLocalDay(processedAt, s.tz),
        totalRefundedAmount: total, shippingRefundedAmount: m(r.shipping), dutiesRefundedAmount: m(r.duties), linesComplete: true,
      },
    });
    await db.refundLine.createMany({ data: lines });
  }
}
