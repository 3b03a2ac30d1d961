// While a shop's backfill runs, order events wait in the queue; events that do not refetch an
// order (uninstall, redaction) must still be applied, however many order events queued first.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { drainWebhooks, recordWebhook, type WebhookDeps } from "../../app/modules/sync/webhooks";
import { freshDatabase } from "../helpers/db";

const SHOP = "queue-test.myshopify.com";
let db: PrismaClient;

beforeAll(async () => {
  db = createDb((await freshDatabase()).url);
  await db.shop.create({ data: { domain: SHOP, name: "Queue Test", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "x" } });
  await db.syncState.create({ data: { shop: SHOP, source: "orders_backfill", status: "running" } });
});
afterAll(async () => db?.$disconnect());

test("app/uninstalled behind 150 waiting order events is applied; the order events keep waiting", async () => {
  for (let i = 0; i < 150; i++) {
    await recordWebhook(db, {
      shop: SHOP, topic: "orders/updated", eventId: `order-${i}`, webhookId: `w-${i}`,
      triggeredAt: new Date(Date.UTC(2026, 11, 3, 10, 0, i)), body: JSON.stringify({ id: i, updated_at: "2026-12-03T10:00:00Z" }),
    });
  }
  await recordWebhook(db, {
    shop: SHOP, topic: "app/uninstalled", eventId: "uninstall-1", webhookId: "w-u",
    triggeredAt: new Date(Date.UTC(2026, 11, 3, 11, 0, 0)), body: JSON.stringify({ domain: SHOP }),
  });
  const deps: WebhookDeps = {
    admin: () => { throw new Error("no Admin API call expected while the backfill runs"); },
    shopContext: async () => ({ shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" }),
  };
  expect(await drainWebhooks(db, deps, SHOP)).toBe(1);
  expect((await db.webhookEvent.findUniqueOrThrow({ where: { eventId: "uninstall-1" } })).status).toBe("processed");
  expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).not.toBeNull();
  expect(await db.webhookEvent.count({ where: { shop: SHOP, status: "queued", topic: "orders/updated" } })).toBe(150);
});
