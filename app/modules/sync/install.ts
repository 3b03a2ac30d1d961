// What happens when a shop installs (or reopens) Grip: record the shop's currency and time zone,
// then backfill its history in the background and apply the webhooks that queued meanwhile.
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import { SHOP_QUERY } from "../shopify/queries";
import type { ShopContext } from "./facts";
import { backfillOrders, type BackfillOptions } from "./backfill";
import { drainWebhooks, type WebhookDeps } from "./webhooks";
import { syncCatalog } from "./catalog";

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

const log = (msg: string) => console.log(`[grip] ${msg}`);

/**
 * Backfill orders and the catalog, then apply queued webhooks. Errors are kept in SyncState (the
 * UI shows them). The two bulk operations run at the same time (Shopify allows five per shop on
 * 2026-01+) and neither waits for the other: order lines carry their unit cost inline, so the
 * orders never need the catalog first (docs/decisions/0004-unit-cost-frozen-at-sync.md). A
 * failed catalog sync does not fail the orders backfill; it is reported in its own SyncState.
 */
export async function backfillAndDrain(db: PrismaClient, deps: WebhookDeps, ctx: ShopContext, opts: BackfillOptions = {}): Promise<void> {
  const admin = deps.admin(ctx.shop);
  const catalog = syncCatalog(db, admin, ctx, { pollIntervalMs: opts.pollIntervalMs, fetchFile: opts.fetchFile }).then(
    () => undefined,
    (err) => log(`catalog sync of ${ctx.shop} failed: ${(err as Error).message}`),
  );
  try {
    await backfillOrders(db, admin, ctx, opts);
    await drainWebhooks(db, deps, ctx.shop);
  } finally {
    await catalog;
  }
}

/** afterAuth: quick part awaited (shop record), long part in the background. */
export async function afterInstall(db: PrismaClient, deps: WebhookDeps, shop: string): Promise<void> {
  const ctx = await refreshShop(db, deps.admin(shop));
  void backfillAndDrain(db, deps, ctx).then(
    () => log(`backfill of ${shop} complete`),
    (err) => log(`backfill of ${shop} failed: ${(err as Error).message}`),
  );
}
