// The catalog: products, their variants and each variant's inventory item (SKU, tracked, unit
// cost), read with one bulk operation (catalogBulkQuery) and stored as Shopify holds them now.
// Rows Shopify no longer reports (deleted products/variants) are removed at the end of a complete
// run. The cost at the time of a sale is not taken from here: order lines read it inline and
// freeze it (docs/decisions/0004-unit-cost-frozen-at-sync.md); these costs value inventory.
//
// Backfill order: the catalog and the orders bulk operations are started together (Shopify runs
// up to five per shop at once on 2026-01+) and neither waits for the other, because an order line
// carries its own cost in the orders file. See backfillAndDrain (install.ts).
import { z } from "zod";
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import type { FetchLike } from "../shopify/endpoint";
import { catalogBulkQuery } from "../shopify/queries";
import { unitCostOf, type ShopContext } from "./facts";
import { getBulkOperation, startBulkQuery, streamJsonl, waitForBulk } from "./bulk";
import { upsert } from "./store";

export const CATALOG_SOURCE = "catalog";

const Money = z.object({ amount: z.string(), currencyCode: z.string() });
const ProductLine = z.object({
  id: z.string().startsWith("gid://shopify/Product/"),
  title: z.string(),
  productType: z.string(),
  vendor: z.string(),
  isGiftCard: z.boolean(),
  updatedAt: z.iso.datetime(),
  category: z.object({ id: z.string(), fullName: z.string() }).nullable(),
});
const VariantLine = z.object({
  id: z.string().startsWith("gid://shopify/ProductVariant/"),
  __parentId: z.string().startsWith("gid://shopify/Product/"),
  title: z.string(),
  sku: z.string().nullable(),
  updatedAt: z.iso.datetime(),
  inventoryItem: z.object({
    id: z.string().startsWith("gid://shopify/InventoryItem/"),
    sku: z.string().nullable(),
    tracked: z.boolean(),
    updatedAt: z.iso.datetime(),
    unitCost: Money.nullable(),
  }).nullable(),
});

function parseLine<T>(schema: z.ZodType<T>, obj: unknown, where: string): T {
  const r = schema.safeParse(obj);
  if (!r.success) {
    throw new Error(`catalog bulk result, ${where}: ${r.error.issues.map((i) => `${i.path.join(".") || "(object)"}: ${i.message}`).join("; ")}`);
  }
  return r.data;
}

export interface CatalogProgress { phase: "waiting" | "downloading" | "completed"; linesProcessed: number; objectsTotal: number | null }
export interface CatalogOptions {
  pollIntervalMs?: number;
  batchLines?: number;
  fetchFile?: FetchLike;
  onProgress?: (p: CatalogProgress) => void;
}
export interface CatalogResult { bulkOperationId: string; products: number; variants: number; removed: number }

const running = new Map<string, Promise<CatalogResult>>();

/** One catalog sync per shop per process: a second call joins the one under way. */
export function syncCatalog(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: CatalogOptions = {}): Promise<CatalogResult> {
  const existing = running.get(ctx.shop);
  if (existing) return existing;
  const p = runCatalog(db, admin, ctx, opts).finally(() => running.delete(ctx.shop));
  running.set(ctx.shop, p);
  return p;
}

async function setState(db: PrismaClient, shop: string, data: Record<string, unknown>): Promise<void> {
  await db.syncState.upsert({
    where: { shop_source: { shop, source: CATALOG_SOURCE } },
    create: { shop, source: CATALOG_SOURCE, status: "running", ...data },
    update: data,
  });
}

async function runCatalog(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: CatalogOptions): Promise<CatalogResult> {
  const report = (p: CatalogProgress) => opts.onProgress?.(p);
  const state = await db.syncState.findUnique({ where: { shop_source: { shop: ctx.shop, source: CATALOG_SOURCE } } });
  try {
    await setState(db, ctx.shop, { status: "running" });
    // An operation an interrupted run started is picked up while Shopify still has it; the file
    // is then read again from the top (upserts: nothing is stored twice).
    let opId: string | null = null;
    let startedAt: Date = new Date();
    if (state?.status === "running" && state.bulkOperationId && state.startedAt) {
      const op = await getBulkOperation(admin, state.bulkOperationId);
      if (op && ["CREATED", "RUNNING", "COMPLETED"].includes(op.status)) {
        opId = op.id;
        startedAt = state.startedAt;
      }
    }
    if (!opId) {
      opId = await startBulkQuery(admin, catalogBulkQuery());
      startedAt = new Date();
      await setState(db, ctx.shop, { bulkOperationId: opId, bulkUrl: null, linesProcessed: 0, objectsTotal: null, startedAt, finishedAt: null });
    }
    report({ phase: "waiting", linesProcessed: 0, objectsTotal: null });
    const op = await waitForBulk(admin, opId, opts.pollIntervalMs ?? 1000, () => report({ phase: "waiting", linesProcessed: 0, objectsTotal: null }));
    const objectsTotal = Number(op.objectCount);
    await setState(db, ctx.shop, { bulkUrl: op.url, objectsTotal });

    let products = 0;
    let variants = 0;
    // Rows stamped with this run's start: anything older afterwards is gone at Shopify.
    const syncedAt = startedAt;
    if (op.url) {
      await streamJsonl(op.url, opts.fetchFile, opts.batchLines ?? 1000, async (objs, n) => {
        const productRows: Array<Record<string, unknown>> = [];
        const variantRows: Array<Record<string, unknown>> = [];
        const itemRows: Array<Record<string, unknown>> = [];
        for (const [k, obj] of objs.entries()) {
          const where = `line ${n - objs.length + k + 1} (${String(obj.id)})`;
          if (String(obj.id).startsWith("gid://shopify/Product/")) {
            const p = parseLine(ProductLine, obj, where);
            productRows.push({
              shop: ctx.shop, id: p.id, title: p.title, productType: p.productType, vendor: p.vendor,
              categoryId: p.category?.id ?? null, categoryName: p.category?.fullName ?? null, isGiftCard: p.isGiftCard,
              shopifyUpdatedAt: new Date(p.updatedAt), syncedAt,
            });
          } else {
            const v = parseLine(VariantLine, obj, where);
            const item = v.inventoryItem;
            variantRows.push({
              shop: ctx.shop, id: v.id, productId: v.__parentId, title: v.title, sku: v.sku,
              inventoryItemId: item?.id ?? null, shopifyUpdatedAt: new Date(v.updatedAt), syncedAt,
            });
            if (item) {
              itemRows.push({
                shop: ctx.shop, id: item.id, variantId: v.id, sku: item.sku, tracked: item.tracked,
                unitCostAmount: unitCostOf(item.unitCost, ctx, `inventory item ${item.id} unitCost`),
                currencyCode: ctx.currencyCode, shopifyUpdatedAt: new Date(item.updatedAt), syncedAt,
              });
            }
          }
        }
        await db.$transaction(async (tx) => {
          await upsert(tx, "Product", productRows);
          await upsert(tx, "ProductVariant", variantRows);
          await upsert(tx, "InventoryItem", itemRows);
          await tx.syncState.update({ where: { shop_source: { shop: ctx.shop, source: CATALOG_SOURCE } }, data: { linesProcessed: n } });
        });
        products += productRows.length;
        variants += variantRows.length;
        report({ phase: "downloading", linesProcessed: n, objectsTotal });
      });
    }
    // The file was complete: what it did not mention no longer exists at Shopify.
    const removed = await db.$transaction(async (tx) => {
      const where = { shop: ctx.shop, syncedAt: { lt: syncedAt } };
      const a = await tx.inventoryItem.deleteMany({ where });
      const b = await tx.productVariant.deleteMany({ where });
      const c = await tx.product.deleteMany({ where });
      return a.count + b.count + c.count;
    });
    const now = new Date();
    await setState(db, ctx.shop, { status: "completed", finishedAt: now, lastSuccessAt: now, lastError: null, linesProcessed: products + variants });
    report({ phase: "completed", linesProcessed: products + variants, objectsTotal });
    return { bulkOperationId: op.id, products, variants, removed };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    await setState(db, ctx.shop, { status: "failed", lastError: message.slice(0, 2000) }).catch(() => undefined);
    throw err;
  }
}
