// Fulfilment/shipping invoices: lines matched to orders by name or number, unmatched lines kept
// and listed, a monthly fee spread over its month, an overlapping export not counted twice.
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import { fileInMemory, fileOnDisk } from "../../app/modules/ingest/csv";
import { commitFulfilment, fulfilmentByDay, previewFulfilment } from "../../app/modules/ingest/fulfilment";
import { undoUpload } from "../../app/modules/ingest/store";
import { freshDatabase } from "../helpers/db";

const fixture = (name: string) => fileOnDisk(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));
let db: PrismaClient;
const SHOP = "ship.myshopify.com";
beforeAll(async () => {
  db = createDb((await freshDatabase()).url);
  await db.shop.create({ data: { domain: SHOP, name: "S", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
  for (const [n, day] of [["1001", "2026-03-01"], ["1002", "2026-03-01"]]) {
    const t = new Date(`${day}T10:00:00Z`);
    await db.order.create({ data: {
      shop: SHOP, id: `gid://shopify/Order/${n}`, name: `#${n}`, createdAt: t, processedAt: t, shopifyUpdatedAt: t, test: false,
      currencyCode: "EUR", presentmentCurrency: "EUR", salesChannel: "Online Store", processedDay: day,
      subtotalAmount: 1000n, totalDiscountsAmount: 0n, totalShippingAmount: 0n, totalTaxAmount: 0n, totalPriceAmount: 1000n,
    } });
  }
});
afterAll(async () => { await db?.$disconnect(); });

describe("fulfilment and shipping invoices", () => {
  it("matches #1001 and 1002, keeps #9999 and the tracking-only label as unmatched, spreads the monthly fee", async () => {
    const p = await previewFulfilment(db, SHOP, "Sendcloud", fixture("sendcloud-invoice.csv"));
    expect(p.problems).toEqual([]);
    const perOrder = p.lines.filter((l) => l.kind !== "period").map((l) => `${l.kind} ${l.orderId ?? l.orderRef ?? l.trackingRef ?? "-"} ${l.day} ${l.amountMinor}`);
    expect(perOrder).toEqual([
      "order gid://shopify/Order/1001 2026-03-02 695", "order gid://shopify/Order/1002 2026-03-02 695",
      "unmatched #9999 2026-03-03 1240", "unmatched 3SABCD0004 2026-03-04 450", "charge - 2026-03-15 250",
    ]);
    // 31.00 over 31 March days: 100 a day.
    const period = p.lines.filter((l) => l.kind === "period");
    expect(period).toHaveLength(31);
    expect(new Set(period.map((l) => l.amountMinor))).toEqual(new Set([100n]));
    expect(p.unmatched.map((l) => l.line)).toEqual([4, 5]);
    const stored = await commitFulfilment(db, p);
    // 2 March: 695 + 695 orders + 100 fee; total = 695+695+1240+450+3100+250 = 6430.
    const days = await fulfilmentByDay(db, SHOP);
    expect(days.filter((d) => d.day === "2026-03-02")).toEqual([{ day: "2026-03-02", kind: "order", shopAmountMinor: 1390n }, { day: "2026-03-02", kind: "period", shopAmountMinor: 100n }]);
    expect(days.reduce((s, d) => s + d.shopAmountMinor, 0n)).toBe(6430n);

    // A later export repeating two lines and adding one: the repeated lines count once.
    const again = fileInMemory("sendcloud-2.csv", "Date,Description,Tracking number,Order number,Carrier,Price,Currency\n2026-03-02,PostNL Standaard 0-23kg,3SABCD0001,#1001,postnl,6.95,EUR\n2026-03-15,Adrescorrectie,,,sendcloud,2.50,EUR\n2026-04-01,PostNL Standaard 0-23kg,3SABCD0009,#1002,postnl,6.95,EUR\n");
    const p2 = await previewFulfilment(db, SHOP, "sendcloud", again);
    expect(p2.alreadyStored).toBe(2);
    await commitFulfilment(db, p2);
    expect((await fulfilmentByDay(db, SHOP)).reduce((s, d) => s + d.shopAmountMinor, 0n)).toBe(6430n + 695n);
    await undoUpload(db, SHOP, stored.uploadId);
    // The second export's own lines remain: #1001 695 + correction 250 + April 695.
    expect((await fulfilmentByDay(db, SHOP)).reduce((s, d) => s + d.shopAmountMinor, 0n)).toBe(1640n);
  });
});
