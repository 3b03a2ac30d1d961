// Webhooks: the route verifies the HMAC (shopify-app-remix), records the delivery here and
// answers at once; the work happens afterwards, off the request. Deliveries are deduplicated on
// X-Shopify-Event-Id (Shopify's documented duplicate marker); order events refetch the order and
// are skipped when Grip already holds that version or a newer one, so duplicates and reordering
// cannot move data back in time. Events that arrive while the shop's backfill is still running
// wait for it: the backfill's older snapshot must not overwrite them.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import type { ShopContext } from "./facts";
import { syncOrder } from "./order";
import { BACKFILL_SOURCE } from "./backfill";

export interface IncomingWebhook {
  shop: string;
  topic: string; // as in X-Shopify-Topic: "orders/updated"
  eventId: string;
  webhookId: string;
  triggeredAt: Date | null;
  body: string;
}

export async function recordWebhook(db: PrismaClient, w: IncomingWebhook): Promise<"queued" | "duplicate"> {
  try {
    await db.webhookEvent.create({
      data: { eventId: w.eventId, shop: w.shop, topic: w.topic, webhookId: w.webhookId, triggeredAt: w.triggeredAt, status: "queued", payload: w.body },
    });
    return "queued";
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return "duplicate";
    throw err;
  }
}

export interface WebhookDeps {
  admin(shop: string): AdminGraphql;
  shopContext(shop: string): Promise<ShopContext | null>;
  onShopRemoved?(shop: string): Promise<void>;
}

type Outcome = { status: "processed" | "skipped"; note?: string };

const ORDER_TOPICS = new Set(["orders/create", "orders/updated", "orders/cancelled", "orders/edited", "orders/paid"]);
/** Topics that refetch an order: held back while the shop's backfill runs. */
const ORDER_EVENT_TOPICS = [...ORDER_TOPICS, "refunds/create"];

async function handle(db: PrismaClient, deps: WebhookDeps, ev: { shop: string; topic: string; payload: string }): Promise<Outcome> {
  const body = JSON.parse(ev.payload) as Record<string, unknown>;
  if (ev.topic === "app/uninstalled") {
    // Offline sessions are useless now; the facts stay until shop/redact (48 hours later), so a
    // quick reinstall keeps its history.
    await db.session.deleteMany({ where: { shop: ev.shop } });
    await db.shop.updateMany({ where: { domain: ev.shop }, data: { uninstalledAt: new Date() } });
    return { status: "processed" };
  }
  if (ev.topic === "shop/redact") {
    await deleteShopData(db, ev.shop);
    await deps.onShopRemoved?.(ev.shop);
    return { status: "processed" };
  }
  if (ev.topic === "customers/redact") {
    const id = (body.customer as { id?: number } | undefined)?.id;
    if (id === undefined) return { status: "skipped", note: "no customer id" };
    // Grip keeps no personal data, only the customer's id on orders (for new vs returning).
    await db.order.updateMany({ where: { shop: ev.shop, customerId: `gid://shopify/Customer/${id}` }, data: { customerId: null } });
    await db.customer.deleteMany({ where: { shop: ev.shop, id: `gid://shopify/Customer/${id}` } });
    return { status: "processed" };
  }
  if (ev.topic === "customers/data_request") {
    return { status: "processed", note: "Grip stores no personal customer data beyond Shopify ids" };
  }
  const ctx = await deps.shopContext(ev.shop);
  if (!ctx) return { status: "skipped", note: "shop not installed" };
  if (ORDER_TOPICS.has(ev.topic) || ev.topic === "refunds/create") {
    const orderGid = ev.topic === "refunds/create"
      ? `gid://shopify/Order/${String(body.order_id)}`
      : String(body.admin_graphql_api_id ?? `gid://shopify/Order/${String(body.id)}`);
    if (ev.topic !== "refunds/create" && typeof body.updated_at === "string") {
      const stored = await db.order.findUnique({ where: { shop_id: { shop: ev.shop, id: orderGid } }, select: { shopifyUpdatedAt: true } });
      if (stored && stored.shopifyUpdatedAt.getTime() >= Date.parse(body.updated_at)) {
        return { status: "skipped", note: "Grip already holds this version of the order or a newer one" };
      }
    }
    const outcome = await syncOrder(db, deps.admin(ev.shop), ctx, orderGid);
    return { status: outcome === "stored" ? "processed" : "skipped", note: outcome };
  }
  if (ev.topic === "bulk_operations/finish") {
    return { status: "processed", note: "the backfill polls its operation" };
  }
  return { status: "skipped", note: `topic ${ev.topic} is not synced yet` };
}

export async function deleteShopData(db: PrismaClient, shop: string): Promise<void> {
  await db.$transaction([
    db.refundLine.deleteMany({ where: { shop } }),
    db.refund.deleteMany({ where: { shop } }),
    db.shippingLine.deleteMany({ where: { shop } }),
    db.orderLine.deleteMany({ where: { shop } }),
    db.order.deleteMany({ where: { shop } }),
    db.inventoryItem.deleteMany({ where: { shop } }),
    db.customer.deleteMany({ where: { shop } }),
    db.inventorySnapshot.deleteMany({ where: { shop } }),
    db.inventoryLevel.deleteMany({ where: { shop } }),
    db.location.deleteMany({ where: { shop } }),
    db.productVariant.deleteMany({ where: { shop } }),
    db.product.deleteMany({ where: { shop } }),
    db.syncState.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.webhookEvent.deleteMany({ where: { shop, NOT: { topic: "shop/redact" } } }),
    db.shop.deleteMany({ where: { domain: shop } }),
  ]);
}

const draining = new Map<string, Promise<number>>();

/**
 * Applies a shop's queued events, oldest trigger first. Returns how many were handled. One drain
 * per shop at a time; a drain requested while one runs runs again after it.
 */
export function drainWebhooks(db: PrismaClient, deps: WebhookDeps, shop: string): Promise<number> {
  const prev = draining.get(shop) ?? Promise.resolve(0);
  const next = prev.catch(() => 0).then(() => drainOnce(db, deps, shop));
  draining.set(shop, next);
  void next.finally(() => { if (draining.get(shop) === next) draining.delete(shop); }).catch(() => undefined);
  return next;
}

async function drainOnce(db: PrismaClient, deps: WebhookDeps, shop: string): Promise<number> {
  const backfill = await db.syncState.findUnique({ where: { shop_source: { shop, source: BACKFILL_SOURCE } } });
  const backfillDone = backfill?.status === "completed";
  let handled = 0;
  for (;;) {
    // Order events wait for the backfill; the others (uninstall, redaction) must not wait behind
    // them, so the filter is in the query, not applied to a page of the oldest events.
    const ready = await db.webhookEvent.findMany({
      where: { shop, status: "queued", ...(backfillDone ? {} : { topic: { notIn: ORDER_EVENT_TOPICS } }) },
      orderBy: [{ triggeredAt: "asc" }, { receivedAt: "asc" }],
      take: 100,
    });
    if (ready.length === 0) return handled;
    for (const ev of ready) {
      try {
        const out = await handle(db, deps, ev);
        await db.webhookEvent.updateMany({ where: { eventId: ev.eventId }, data: { status: out.status, error: out.note ?? null, processedAt: new Date() } });
      } catch (err) {
        await db.webhookEvent.updateMany({ where: { eventId: ev.eventId }, data: { status: "failed", error: String((err as Error).message ?? err).slice(0, 2000), processedAt: new Date() } });
      }
      handled++;
    }
  }
}
