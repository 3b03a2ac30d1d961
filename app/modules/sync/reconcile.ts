// Reconciliation: re-reads every order Shopify changed since the last run and refetches the ones
// Grip does not hold in that version, so a webhook that was lost, failed or never sent is repaired
// within one run. Shopify does not guarantee webhook delivery; this is its documented remedy
// ("reconciliation jobs" with updated_at_min / updated_at search).
//
// Watermark: SyncState(orders_reconcile).watermark is the newest Order.updatedAt applied. A run
// lists `updated_at:>'watermark - overlap'` sorted by UPDATED_AT (oldest change first), 100 per
// page, and moves the watermark forward after every page, so a killed run resumes where it
// stopped. The overlap re-lists the last minutes because Shopify's search index trails writes by
// a few seconds; re-listed orders cost one list entry each, no refetch (the stored updatedAt is
// compared first). The first run starts from the moment the backfill's bulk operation started:
// the bulk file is a snapshot from about then. Each run also reads again the orders whose
// marketing attribution (customerJourneySummary) was not ready yet.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import type { AdminGraphql } from "../shopify/admin-client";
import { ORDERS_UPDATED_SINCE_QUERY } from "../shopify/queries";
import type { ShopContext } from "./facts";
import { syncOrder } from "./order";
import { BACKFILL_SOURCE } from "./backfill";

export const RECONCILE_SOURCE = "orders_reconcile";
/** Re-listed window before the watermark (Shopify's search index trails writes). */
export const RECONCILE_OVERLAP_MS = 5 * 60_000;

const Page = z.object({
  orders: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    nodes: z.array(z.object({ id: z.string().startsWith("gid://shopify/Order/"), updatedAt: z.iso.datetime() })),
  }),
});

export interface ReconcileResult {
  skipped: boolean;
  reason?: string;
  listed: number; // orders Shopify reported as changed (overlap included)
  refetched: number; // of those, read again because Grip held an older version or none
  repaired: number; // refetches that changed Grip's copy
  journeys: number; // orders read again because Shopify was still attributing them (journeyReady false)
  watermark: Date | null;
}

/** Orders whose attribution was not ready, read again per run (newest first). */
export const JOURNEY_RETRIES_PER_RUN = 100;

export interface ReconcileOptions {
  overlapMs?: number;
  /** Test hook: stop (throw) after this many pages, as a killed process would. */
  stopAfterPages?: number;
  onPage?: (r: ReconcileResult) => void;
}

const running = new Map<string, Promise<ReconcileResult>>();

/** One reconciliation per shop per process: a second call joins the one under way. */
export function reconcileOrders(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  const existing = running.get(ctx.shop);
  if (existing) return existing;
  const p = runReconcile(db, admin, ctx, opts).finally(() => running.delete(ctx.shop));
  running.set(ctx.shop, p);
  return p;
}

async function setState(db: PrismaClient, shop: string, data: Record<string, unknown>): Promise<void> {
  await db.syncState.upsert({
    where: { shop_source: { shop, source: RECONCILE_SOURCE } },
    create: { shop, source: RECONCILE_SOURCE, status: "running", ...data },
    update: data,
  });
}

async function runReconcile(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: ReconcileOptions): Promise<ReconcileResult> {
  const result: ReconcileResult = { skipped: false, listed: 0, refetched: 0, repaired: 0, journeys: 0, watermark: null };
  const backfill = await db.syncState.findUnique({ where: { shop_source: { shop: ctx.shop, source: BACKFILL_SOURCE } } });
  if (backfill?.status !== "completed") {
    // Until the backfill is stored, its snapshot could overwrite what a reconciliation wrote.
    return { ...result, skipped: true, reason: "the orders backfill has not completed" };
  }
  const state = await db.syncState.findUnique({ where: { shop_source: { shop: ctx.shop, source: RECONCILE_SOURCE } } });
  let watermark = state?.watermark ?? backfill.startedAt ?? backfill.finishedAt ?? new Date(0);
  result.watermark = watermark;
  const startedAt = new Date();
  try {
    await setState(db, ctx.shop, { status: "running", startedAt, finishedAt: null, linesProcessed: 0, objectsTotal: null, watermark });
    const since = new Date(watermark.getTime() - (opts.overlapMs ?? RECONCILE_OVERLAP_MS));
    // Shopify's search takes a quoted ISO 8601 timestamp; seconds suffice (updatedAt has no more).
    const query = `updated_at:>'${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const raw = await admin.request<unknown>(ORDERS_UPDATED_SINCE_QUERY, { query, after });
      const parsed = Page.safeParse(raw);
      if (!parsed.success) throw new Error(`GripOrdersUpdatedSince answer: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const { nodes, pageInfo } = parsed.data.orders;
      const stored = await db.order.findMany({
        where: { shop: ctx.shop, id: { in: nodes.map((n) => n.id) } },
        select: { id: true, shopifyUpdatedAt: true },
      });
      const have = new Map(stored.map((s) => [s.id, s.shopifyUpdatedAt.getTime()]));
      for (const n of nodes) {
        result.listed++;
        const updatedAt = new Date(n.updatedAt);
        const mine = have.get(n.id);
        if (mine === undefined || mine < updatedAt.getTime()) {
          result.refetched++;
          const outcome = await syncOrder(db, admin, ctx, n.id);
          if (outcome === "stored") result.repaired++;
        }
        // Oldest change first: everything up to this order is applied.
        if (updatedAt > watermark) watermark = updatedAt;
      }
      result.watermark = watermark;
      await setState(db, ctx.shop, { watermark, linesProcessed: result.listed, cursor: pageInfo.endCursor });
      opts.onPage?.({ ...result });
      pages++;
      if (opts.stopAfterPages !== undefined && pages >= opts.stopAfterPages && pageInfo.hasNextPage) {
        throw new Error(`stopped after ${pages} pages (test hook)`);
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    // customerJourneySummary.ready false: Shopify had not attributed the order yet, and a finished
    // attribution does not change Order.updatedAt, so the watermark would never bring it back.
    const pending = await db.order.findMany({
      where: { shop: ctx.shop, journeyReady: false },
      orderBy: { processedAt: "desc" },
      take: JOURNEY_RETRIES_PER_RUN,
      select: { id: true },
    });
    for (const p of pending) {
      await syncOrder(db, admin, ctx, p.id);
      result.journeys++;
    }
    const now = new Date();
    await setState(db, ctx.shop, { status: "completed", finishedAt: now, lastSuccessAt: now, lastError: null, cursor: null });
    return result;
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    await setState(db, ctx.shop, { status: "failed", lastError: message.slice(0, 2000) }).catch(() => undefined);
    throw err;
  }
}

export interface ScheduleDeps {
  admin(shop: string): AdminGraphql;
  shopContext(shop: string): Promise<ShopContext | null>;
  log?(msg: string): void;
}

/** One pass over every installed shop whose backfill is complete. Errors stay per shop. */
export async function reconcileAllShops(db: PrismaClient, deps: ScheduleDeps): Promise<Record<string, ReconcileResult | { error: string }>> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  const out: Record<string, ReconcileResult | { error: string }> = {};
  for (const { domain } of shops) {
    const ctx = await deps.shopContext(domain);
    if (!ctx) continue;
    try {
      out[domain] = await reconcileOrders(db, deps.admin(domain), ctx);
    } catch (err) {
      out[domain] = { error: (err as Error).message };
      deps.log?.(`reconciliation of ${domain} failed: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * The in-process schedule: every `intervalMs` (default hourly) one pass over all shops; a pass
 * still running when the next is due is not doubled. The timer does not keep the process alive.
 * Returns a stop function. With several app instances each would reconcile (harmless, every write
 * is idempotent, but wasteful): production should run one instance with the schedule, or disable
 * it (GRIP_RECONCILE_INTERVAL_MINUTES=0) and run `npm run sync -- --all --reconcile` from a cron.
 */
export function startReconcileSchedule(db: PrismaClient, deps: ScheduleDeps, intervalMs = 60 * 60_000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void reconcileAllShops(db, deps)
      .catch((err) => deps.log?.(`reconciliation pass failed: ${(err as Error).message}`))
      .finally(() => { busy = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
