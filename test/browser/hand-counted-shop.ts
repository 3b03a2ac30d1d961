// A tiny GBP shop (Europe/London) whose dashboard figures were counted by hand. Written straight
// into the fact tables, in the shape the sync stores them (minor units, shop-local days).
//
// November 2011 (current period in the test), October 2–31 (its previous period):
//   O1  3 Nov  Online Store   2 × £10.00 (A) + 1 × £5.50 (B) + a £25.00 gift card (not a sale)
//   O2 10 Nov  Point of Sale  3 × £4.25 (C), £1.75 discount
//   O3 20 Nov  Online Store   1 × £10.00 (A)
//   O4 15 Nov  Online Store   TEST order, 5 × £100.00: excluded everywhere
//   P1 15 Oct  Online Store   1 × £10.00 (A)
// Refunds: R1  5 Nov: 1 × B of O1 (£5.50); R2 22 Nov: A of O3 (£10.00); R3 2 Nov: A of P1 (£10.00).
//
// November: gross 20.00 + 5.50 + 12.75 + 10.00 = 48.25; discounts 1.75; returns (by refund day)
// 5.50 + 10.00 + 10.00 = 25.50; net 21.00; orders 3; AOV (48.25 − 1.75) / 3 = 15.50;
// return rate: units returned of November's orders 2 / units sold 7 = 0.2857.
// October: gross 10.00, returns 0, net 10.00, 1 order, AOV 10.00, return rate 1/1 = 1.0000.
import type { PrismaClient } from "@prisma/client";

export const SHOP = "hand-counted.myshopify.com";

const at = (iso: string) => new Date(iso);

interface LineSpec {
  id: number;
  title: string;
  quantity: number;
  unit: bigint;
  discount?: bigint;
  giftCard?: boolean;
}

async function order(
  db: PrismaClient,
  spec: { id: number; day: string; channel: string; test?: boolean; lines: LineSpec[] },
): Promise<void> {
  const when = at(`${spec.day}T12:00:00Z`);
  const gross = spec.lines.reduce((s, l) => s + l.unit * BigInt(l.quantity), 0n);
  const discounts = spec.lines.reduce((s, l) => s + (l.discount ?? 0n), 0n);
  await db.order.create({
    data: {
      shop: SHOP,
      id: `gid://shopify/Order/${spec.id}`,
      name: `#${1000 + spec.id}`,
      createdAt: when,
      processedAt: when,
      shopifyUpdatedAt: when,
      test: spec.test ?? false,
      currencyCode: "GBP",
      presentmentCurrency: "GBP",
      salesChannel: spec.channel,
      processedDay: spec.day,
      subtotalAmount: gross - discounts,
      totalDiscountsAmount: discounts,
      totalShippingAmount: 0n,
      totalTaxAmount: 0n,
      totalPriceAmount: gross - discounts,
      lines: {
        create: spec.lines.map((l) => ({
          id: `gid://shopify/LineItem/${l.id}`,
          title: l.title,
          quantity: l.quantity,
          currentQuantity: l.quantity,
          unitPriceAmount: l.unit,
          grossAmount: l.unit * BigInt(l.quantity),
          discountAmount: l.discount ?? 0n,
          isGiftCard: l.giftCard ?? false,
          processedDay: spec.day,
        })),
      },
    },
  });
}

async function refund(
  db: PrismaClient,
  spec: { id: number; orderId: number; day: string; lineItemId: number; quantity: number; subtotal: bigint },
): Promise<void> {
  await db.refund.create({
    data: {
      shop: SHOP,
      id: `gid://shopify/Refund/${spec.id}`,
      orderId: `gid://shopify/Order/${spec.orderId}`,
      createdAt: at(`${spec.day}T09:00:00Z`),
      processedAt: at(`${spec.day}T09:00:00Z`),
      processedDay: spec.day,
      totalRefundedAmount: spec.subtotal,
      shippingRefundedAmount: 0n,
      linesComplete: true,
      lines: {
        create: [
          {
            id: `gid://shopify/RefundLineItem/${spec.id}`,
            orderId: `gid://shopify/Order/${spec.orderId}`,
            lineItemId: `gid://shopify/LineItem/${spec.lineItemId}`,
            quantity: spec.quantity,
            subtotalAmount: spec.subtotal,
            restockType: "RETURN",
          },
        ],
      },
    },
  });
}

export async function seedHandCountedShop(db: PrismaClient): Promise<void> {
  await db.shop.create({ data: { domain: SHOP, name: "Hand Counted", currencyCode: "GBP", ianaTimezone: "Europe/London" } });
  await order(db, {
    id: 1,
    day: "2011-11-03",
    channel: "Online Store",
    lines: [
      { id: 11, title: "A", quantity: 2, unit: 1000n },
      { id: 12, title: "B", quantity: 1, unit: 550n },
      { id: 13, title: "Gift card", quantity: 1, unit: 2500n, giftCard: true },
    ],
  });
  await order(db, { id: 2, day: "2011-11-10", channel: "Point of Sale", lines: [{ id: 21, title: "C", quantity: 3, unit: 425n, discount: 175n }] });
  await order(db, { id: 3, day: "2011-11-20", channel: "Online Store", lines: [{ id: 31, title: "A", quantity: 1, unit: 1000n }] });
  await order(db, { id: 4, day: "2011-11-15", channel: "Online Store", test: true, lines: [{ id: 41, title: "D", quantity: 5, unit: 10000n }] });
  await order(db, { id: 5, day: "2011-10-15", channel: "Online Store", lines: [{ id: 51, title: "A", quantity: 1, unit: 1000n }] });
  await refund(db, { id: 1, orderId: 1, day: "2011-11-05", lineItemId: 12, quantity: 1, subtotal: 550n });
  await refund(db, { id: 2, orderId: 3, day: "2011-11-22", lineItemId: 31, quantity: 1, subtotal: 1000n });
  await refund(db, { id: 3, orderId: 5, day: "2011-11-02", lineItemId: 51, quantity: 1, subtotal: 1000n });
  await db.syncState.create({
    data: {
      shop: SHOP,
      source: "orders_backfill",
      status: "completed",
      linesProcessed: 14,
      objectsTotal: 14,
      startedAt: at("2011-12-09T17:59:00Z"),
      finishedAt: at("2011-12-09T18:00:00Z"),
      lastSuccessAt: at("2011-12-09T18:00:00Z"),
    },
  });
}
