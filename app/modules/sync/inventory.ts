// Inventory: the current level of every inventory item at every location (available, on hand,
// committed, incoming), read with one bulk operation (inventoryBulkQuery), and the daily snapshot
// Shopify does not keep: one row per shop-local day, item and location, valued at the item's cost
// at that moment (onHand x unitCost). Taking the snapshot again on the same day replaces that
// day's rows (the latest read of the day wins); other days are never touched.
import { z } from "zod";
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import type { FetchLike } from "../shopify/endpoint";
import { inventoryBulkQuery } from "../shopify/queries";
import { shopLocalDay } from "../time";
import { unitCostOf, type ShopContext } from "./facts";
import { startBulkQuery, streamJsonl, waitForBulk } from "./bulk";
import { upsert } from "./store";

export const INVENTORY_SOURCE = "inventory_snapshot";

const ItemLine = z.object({
  id: z.string().startsWith("gid://shopify/InventoryItem/"),
  tracked: z.boolean(),
  variant: z.object({ id: z.string() }).nullable(),
  unitCost: z.object({ amount: z.string(), currencyCode: z.string() }).nullable(),
});
const LevelLine = z.object({
  __parentId: z.string().startsWith("gid://shopify/InventoryItem/"),
  location: z.object({ id: z.string().startsWith("gid://shopify/Location/"), name: z.string() }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});

function parse<T>(schema: z.ZodType<T>, obj: unknown, where: string): T {
  const r = schema.safeParse(obj);
  if (!r.success) throw new Error(`inventory bulk result, ${where}: ${r.error.issues.map((i) => `${i.path.join(".") || "(object)"}: ${i.message}`).join("; ")}`);
  return r.data;
}

export interface InventoryOptions {
  pollIntervalMs?: number;
  fetchFile?: FetchLike;
  /** The moment of the snapshot (its shop-local day); default now. */
  now?: Date;
}
export interface InventoryResult { day: string; levels: number; locations: number; valueAmount: bigint }

async function setState(db: PrismaClient, shop: string, data: Record<string, unknown>): Promise<void> {
  await db.syncState.upsert({
    where: { shop_source: { shop, source: INVENTORY_SOURCE } },
    create: { shop, source: INVENTORY_SOURCE, status: "running", ...data },
    update: data,
  });
}

export async function snapshotInventory(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: InventoryOptions = {}): Promise<InventoryResult> {
  const takenAt = opts.now ?? new Date();
  const day = shopLocalDay(takenAt, ctx.ianaTimezone);
  try {
    await setState(db, ctx.shop, { status: "running", startedAt: new Date(), finishedAt: null, linesProcessed: 0, objectsTotal: null });
    const opId = await startBulkQuery(admin, inventoryBulkQuery());
    await setState(db, ctx.shop, { bulkOperationId: opId });
    const op = await waitForBulk(admin, opId, opts.pollIntervalMs ?? 1000);
    const objectsTotal = Number(op.objectCount);
    await setState(db, ctx.shop, { objectsTotal, bulkUrl: op.url });

    // Items come before their levels in the file; only the current item's facts are needed.
    const items = new Map<string, { variantId: string | null; cost: bigint | null }>();
    const locations = new Map<string, string>();
    const levels: Array<Record<string, unknown>> = [];
    const snapshot: Array<Record<string, unknown>> = [];
    let value = 0n;
    if (op.url) {
      await streamJsonl(op.url, opts.fetchFile, 2000, async (objs, n) => {
        for (const [k, obj] of objs.entries()) {
          const where = `line ${n - objs.length + k + 1}`;
          if (obj.__parentId === undefined) {
            const it = parse(ItemLine, obj, where);
            if (items.size > 50_000) items.clear(); // children follow their parent closely
            items.set(it.id, { variantId: it.variant?.id ?? null, cost: unitCostOf(it.unitCost, ctx, `inventory item ${it.id} unitCost`) });
            continue;
          }
          const l = parse(LevelLine, obj, where);
          const item = items.get(l.__parentId);
          if (!item) throw new Error(`inventory bulk result, ${where}: level of ${l.__parentId} arrived before its item`);
          const q = Object.fromEntries(l.quantities.map((x) => [x.name, x.quantity]));
          for (const name of ["available", "on_hand", "committed", "incoming"]) {
            if (typeof q[name] !== "number") throw new Error(`inventory bulk result, ${where}: no ${name} quantity`);
          }
          locations.set(l.location.id, l.location.name);
          const row = {
            shop: ctx.shop, inventoryItemId: l.__parentId, locationId: l.location.id, variantId: item.variantId,
            available: q.available, onHand: q.on_hand, committed: q.committed, incoming: q.incoming,
          };
          levels.push({ ...row, syncedAt: takenAt });
          // Negative stock (oversold) is valued at 0: it is not an asset.
          const itemValue = item.cost === null ? null : item.cost * BigInt(Math.max(0, row.onHand));
          if (itemValue !== null) value += itemValue;
          snapshot.push({ ...row, day, unitCostAmount: item.cost, valueAmount: itemValue, currencyCode: ctx.currencyCode, takenAt });
        }
        await setState(db, ctx.shop, { linesProcessed: n });
      });
    }
    // One transaction: the day's snapshot is replaced whole or not at all.
    await db.$transaction(async (tx) => {
      await upsert(tx, "Location", [...locations].map(([id, name]) => ({ shop: ctx.shop, id, name, syncedAt: takenAt })));
      await tx.inventoryLevel.deleteMany({ where: { shop: ctx.shop } });
      await upsert(tx, "InventoryLevel", levels, { keys: ["shop", "inventoryItemId", "locationId"] });
      await tx.inventorySnapshot.deleteMany({ where: { shop: ctx.shop, day } });
      await upsert(tx, "InventorySnapshot", snapshot, { keys: ["shop", "day", "inventoryItemId", "locationId"] });
    });
    const now = new Date();
    await setState(db, ctx.shop, { status: "completed", finishedAt: now, lastSuccessAt: now, lastError: null, watermark: takenAt, cursor: day });
    return { day, levels: levels.length, locations: locations.size, valueAmount: value };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    await setState(db, ctx.shop, { status: "failed", lastError: message.slice(0, 2000) }).catch(() => undefined);
    throw err;
  }
}

export interface InventoryScheduleDeps {
  admin(shop: string): AdminGraphql;
  shopContext(shop: string): Promise<ShopContext | null>;
  log?(msg: string): void;
}

/** Takes today's snapshot (shop-local day) for every installed shop that has none yet. */
export async function snapshotDueShops(db: PrismaClient, deps: InventoryScheduleDeps, now = new Date()): Promise<string[]> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  const taken: string[] = [];
  for (const { domain } of shops) {
    const ctx = await deps.shopContext(domain);
    if (!ctx) continue;
    const state = await db.syncState.findUnique({ where: { shop_source: { shop: domain, source: INVENTORY_SOURCE } } });
    // cursor holds the day of the last complete snapshot.
    if (state?.status === "completed" && state.cursor === shopLocalDay(now, ctx.ianaTimezone)) continue;
    try {
      await snapshotInventory(db, deps.admin(domain), ctx, { now });
      taken.push(domain);
    } catch (err) {
      deps.log?.(`inventory snapshot of ${domain} failed: ${(err as Error).message}`);
    }
  }
  return taken;
}

/**
 * The in-process daily snapshot: every `intervalMs` (default hourly) each shop without today's
 * snapshot gets one, so a shop's first snapshot comes within the hour after install and a day
 * missed while the app was down is taken as soon as it runs again (Shopify keeps no history: a
 * day the app never ran stays missing). Returns a stop function.
 */
export function startInventorySchedule(db: PrismaClient, deps: InventoryScheduleDeps, intervalMs = 60 * 60_000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void snapshotDueShops(db, deps)
      .catch((err) => deps.log?.(`inventory snapshot pass failed: ${(err as Error).message}`))
      .finally(() => { busy = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
