// What happens when a shop installs (or reopens) Grip: record the shop's currency and time zone,
// then backfill its history in the background and apply the webhooks that queued meanwhile.
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import { SHOP_QUERY } from "../shopify/queries";
import type { ShopContext } from "./facts";
import { backfillOrders, type BackfillOptions } from "./backfill";
import { drainWebhooks, type WebhookDeps } from "./webhooks";

interface ShopInfo {
  shop: { name: string; myshopifyDomain: string; currencyCode: string; ianaTimezone: string };
}

export async function refreshShop(db: PrismaClient, admin: AdminGraphql): Promise<ShopContext> {
  const { shop } = await admin.request<ShopInfo>(SHOP_QUERY);
  if (shop.myshopifyDomain !== admin.shop) {
    throw new Error(`shop query answered for ${shop.myshopifyDomain}, expected ${admin.shop}`);
  }
  await db.shop.upsert({
    where: { domain: admin.shop },
    create: { domain: admin.shop, name: shop.name, currencyCode: shop.currencyCode, ianaTimezone: shop.ianaTimezone },
    update: { name: shop.name, currencyCode: shop.currencyCode, ianaTimezone: shop.ianaTimezone, uninstalledAt: null },
  });
  return { shop: admin.shop, currencyCode: shop.currencyCode, ianaTimezone: shop.ianaTimezone };
}

export async function shopContext(db: PrismaClient, shop: string): Promise<ShopContext | null> {
  const s = await db.shop.findUnique({ where: { domain: shop } });
  if (!s || s.uninstalledAt) return null;
  return { shop: s.domain, currencyCode: s.currencyCode, ianaTimezone: s.ianaTimezone };
}

/** Backfill, then apply queued webhooks. Errors are kept in SyncState (the UI shows them). */
export async function backfillAndDrain(db: PrismaClient, deps: WebhookDeps, ctx: ShopContext, opts: BackfillOptions = {}): Promise<void> {
  await backfillOrders(db, deps.admin(ctx.shop), ctx, opts);
  await drainWebhooks(db, deps, ctx.shop);
}

const log = (msg: string) => console.log(`[grip] ${msg}`);

/** afterAuth: quick part awaited (shop record), long part in the background. */
export async function afterInstall(db: PrismaClient, deps: WebhookDeps, shop: string): Promise<void> {
  const ctx = await refreshShop(db, deps.admin(shop));
  void backfillAndDrain(db, deps, ctx).then(
    () => log(`backfill of ${shop} complete`),
    (err) => log(`backfill of ${shop} failed: ${(err as Error).message}`),
  );
}
