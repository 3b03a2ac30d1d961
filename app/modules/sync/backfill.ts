// The history backfill: one bulk operation over all orders (with line items and shipping lines;
// refund headers inlined), its JSONL streamed line by line into fact rows, then the refunds' line
// items read in batches. Resumable: the number of JSONL lines already written is stored in the
// same transaction as the rows, so a process killed half-way continues where it stopped and ends
// in the same database as an uninterrupted run (every write is an idempotent upsert anyway).
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import { BULK_OPERATION_QUERY, BULK_RUN_MUTATION, REFUNDS_PER_LINES_QUERY, ordersBulkQuery } from "../shopify/queries";
import type { FetchLike } from "../shopify/endpoint";
import {
  customerRow, lineRow, orderRow, refundLineRow, refundRow, shippingRow, shopMoney,
  type CustomerRow, type GqlLineItem, type GqlOrder, type GqlShippingLine, type LineRow, type OrderRow, type RefundRow, type ShippingRow, type ShopContext,
} from "./facts";
import { upsertCustomers, upsertLines, upsertOrders, upsertRefundHeaders, upsertRefundLines, upsertShippingLines } from "./store";
import { fetchRefundLines } from "./refund-lines";

export const BACKFILL_SOURCE = "orders_backfill";

export interface BackfillProgress {
  phase: "starting" | "waiting" | "downloading" | "refund-lines" | "completed";
  linesProcessed: number;
  objectsTotal: number | null;
  refundsDone: number;
  refundsTotal: number;
}

export interface BackfillOptions {
  pollIntervalMs?: number;
  batchLines?: number;
  onProgress?: (p: BackfillProgress) => void;
  /** Fetch for the result file (a signed URL, not the Admin API). */
  fetchFile?: FetchLike;
  /** Start over even when a previous backfill completed. */
  force?: boolean;
  /** Test hook: stop (throw) after this many JSONL lines were written, as a killed process would. */
  stopAfterLines?: number;
}

export interface BackfillResult {
  skipped: boolean;
  bulkOperationId: string | null;
  linesProcessed: number;
  refundsCompleted: number;
}

interface BulkOperation {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  errorCode: string | null;
  objectCount: string;
  url: string | null;
}

const running = new Map<string, Promise<BackfillResult>>();

/** One backfill per shop per process: a second call joins the one under way. */
export function backfillOrders(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: BackfillOptions = {}): Promise<BackfillResult> {
  const existing = running.get(ctx.shop);
  if (existing) return existing;
  const p = runBackfill(db, admin, ctx, opts).finally(() => running.delete(ctx.shop));
  running.set(ctx.shop, p);
  return p;
}

async function setState(db: PrismaClient, shop: string, data: Record<string, unknown>): Promise<void> {
  await db.syncState.upsert({
    where: { shop_source: { shop, source: BACKFILL_SOURCE } },
    create: { shop, source: BACKFILL_SOURCE, status: "running", ...data },
    update: data,
  });
}

async function runBackfill(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, opts: BackfillOptions): Promise<BackfillResult> {
  const pollMs = opts.pollIntervalMs ?? 1000;
  const progress: BackfillProgress = { phase: "starting", linesProcessed: 0, objectsTotal: null, refundsDone: 0, refundsTotal: 0 };
  const report = () => opts.onProgress?.({ ...progress });
  let state = await db.syncState.findUnique({ where: { shop_source: { shop: ctx.shop, source: BACKFILL_SOURCE } } });
  if (state?.status === "completed" && !opts.force) {
    return { skipped: true, bulkOperationId: state.bulkOperationId, linesProcessed: state.linesProcessed, refundsCompleted: 0 };
  }
  try {
    // Visible at once (a failure of an earlier attempt stays in lastError until this one ends).
    await setState(db, ctx.shop, { status: "running" });
    report();
    // 1. The bulk operation: reuse the one a previous run started, if Shopify still has it.
    let op: BulkOperation | null = null;
    if (state?.bulkOperationId && !opts.force) {
      op = (await admin.request<{ bulkOperation: BulkOperation | null }>(BULK_OPERATION_QUERY, { id: state.bulkOperationId })).bulkOperation;
      if (op && ["FAILED", "CANCELED", "CANCELING", "EXPIRED"].includes(op.status)) op = null;
    }
    let linesDone = op ? state?.linesProcessed ?? 0 : 0;
    if (!op) {
      const res = await admin.request<{ bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: Array<{ message: string; code: string | null }> } }>(
        BULK_RUN_MUTATION, { query: ordersBulkQuery() });
      const started = res.bulkOperationRunQuery.bulkOperation;
      if (!started) {
        throw new Error(`bulk operation refused: ${res.bulkOperationRunQuery.userErrors.map((e) => `${e.code ?? ""} ${e.message}`.trim()).join("; ")}`);
      }
      op = { id: started.id, status: started.status as BulkOperation["status"], errorCode: null, objectCount: "0", url: null } satisfies BulkOperation;
      await setState(db, ctx.shop, { status: "running", bulkOperationId: op.id, bulkUrl: null, linesProcessed: 0, objectsTotal: null, startedAt: new Date(), finishedAt: null, lastError: null });
    }
    // 2. Wait for Shopify to finish writing the file.
    progress.phase = "waiting";
    let current: BulkOperation = op;
    while (current.status === "CREATED" || current.status === "RUNNING") {
      report();
      await new Promise((r) => setTimeout(r, pollMs));
      const next: BulkOperation | null = (await admin.request<{ bulkOperation: BulkOperation | null }>(BULK_OPERATION_QUERY, { id: current.id })).bulkOperation;
      if (!next) throw new Error(`bulk operation ${current.id} vanished`);
      current = next;
    }
    op = current;
    if (op.status !== "COMPLETED") throw new Error(`bulk operation ${op.id} ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ""}`);
    progress.objectsTotal = Number(op.objectCount);
    progress.linesProcessed = linesDone;
    await setState(db, ctx.shop, { bulkUrl: op.url, objectsTotal: progress.objectsTotal });

    // 3. Stream the result into facts. No url: the shop has no orders.
    progress.phase = "downloading";
    report();
    if (op.url) {
      linesDone = await streamResult(db, ctx, op.url, linesDone, opts, (n) => {
        progress.linesProcessed = n;
        report();
      });
    }

    // 4. Refund line items, for every refund whose lines are not stored yet.
    progress.phase = "refund-lines";
    const pending = await db.refund.findMany({ where: { shop: ctx.shop, linesComplete: false }, select: { id: true, orderId: true }, orderBy: { id: "asc" } });
    progress.refundsTotal = pending.length;
    report();
    // A few queries per transaction: progress stays visible and a kill loses little.
    const CHUNK = REFUNDS_PER_LINES_QUERY * 4;
    for (let i = 0; i < pending.length; i += CHUNK) {
      const chunk = pending.slice(i, i + CHUNK);
      await storeRefundLines(db, admin, ctx, chunk);
      progress.refundsDone += chunk.length;
      report();
    }

    const now = new Date();
    await setState(db, ctx.shop, { status: "completed", finishedAt: now, lastSuccessAt: now, lastError: null, linesProcessed: linesDone });
    progress.phase = "completed";
    report();
    return { skipped: false, bulkOperationId: op.id, linesProcessed: linesDone, refundsCompleted: pending.length };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    await setState(db, ctx.shop, { status: "failed", lastError: message.slice(0, 2000) }).catch(() => undefined);
    throw err;
  }
}

/** Reads refund lines from Shopify and stores them with their refund, atomically per chunk. */
export async function storeRefundLines(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, refunds: Array<{ id: string; orderId: string }>): Promise<void> {
  const results = await fetchRefundLines(admin, refunds.map((r) => r.id));
  const orderOf = new Map(refunds.map((r) => [r.id, r.orderId]));
  await db.$transaction(async (tx) => {
    for (const r of results) {
      const orderId = orderOf.get(r.refundId)!;
      await upsertRefundLines(tx, r.lines.map((l) => refundLineRow(l, r.refundId, orderId, ctx)));
      let shipping = 0n;
      for (const s of r.shippingSubtotals) shipping += shopMoney(s.subtotalAmountSet, ctx, `refund ${r.refundId} shipping`);
      await tx.refund.update({ where: { shop_id: { shop: ctx.shop, id: r.refundId } }, data: { linesComplete: true, shippingRefundedAmount: shipping } });
    }
  });
}

function gidType(id: string): string {
  return /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1] ?? "";
}

async function streamResult(
  db: PrismaClient, ctx: ShopContext, url: string, alreadyDone: number, opts: BackfillOptions, onLines: (n: number) => void,
): Promise<number> {
  const batchLines = opts.batchLines ?? 2000;
  const res = await (opts.fetchFile ?? fetch)(url);
  if (!res.ok || !res.body) throw new Error(`bulk result download failed: HTTP ${res.status}`);
  const rl = createInterface({ input: Readable.fromWeb(res.body as never), crlfDelay: Infinity });
  // processedDay of recent orders, for their line items (children follow their parent closely);
  // bounded so memory stays flat, with the database as the fallback.
  const dayOf = new Map<string, string>();
  let lineNo = 0;
  let done = alreadyDone;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await writeBatch(db, ctx, batch, dayOf, done + batch.length);
    done += batch.length;
    batch = [];
    if (dayOf.size > 20_000) dayOf.clear();
    onLines(done);
    if (opts.stopAfterLines !== undefined && done >= opts.stopAfterLines) {
      rl.close();
      throw new Error(`stopped after ${done} lines (test hook)`);
    }
  };
  for await (const line of rl) {
    lineNo++;
    if (lineNo <= alreadyDone || line.trim() === "") continue;
    batch.push(line);
    if (batch.length >= batchLines) await flush();
  }
  await flush();
  return done;
}

async function writeBatch(db: PrismaClient, ctx: ShopContext, lines: string[], dayOf: Map<string, string>, linesAfter: number): Promise<void> {
  const orders: OrderRow[] = [];
  const refunds: RefundRow[] = [];
  const items: Array<{ node: GqlLineItem; parent: string }> = [];
  const shipping: ShippingRow[] = [];
  const customers: CustomerRow[] = [];
  for (const text of lines) {
    const obj = JSON.parse(text) as { id: string; __parentId?: string };
    const type = gidType(obj.id);
    if (type === "Order") {
      const o = obj as unknown as GqlOrder;
      const row = orderRow(o, ctx);
      orders.push(row);
      dayOf.set(row.id, row.processedDay);
      const c = customerRow(o, ctx);
      if (c) customers.push(c);
      for (const r of o.refunds ?? []) refunds.push({ ...refundRow(r, o.id, ctx), linesComplete: false });
    } else if (type === "LineItem" && obj.__parentId) {
      items.push({ node: obj as unknown as GqlLineItem, parent: obj.__parentId });
    } else if (type === "ShippingLine" && obj.__parentId) {
      shipping.push(shippingRow(obj as unknown as GqlShippingLine, obj.__parentId, ctx));
    } else {
      throw new Error(`unexpected object in bulk result: ${obj.id}`);
    }
  }
  const missing = [...new Set(items.map((i) => i.parent).filter((p) => !dayOf.has(p)))];
  if (missing.length > 0) {
    const found = await db.order.findMany({ where: { shop: ctx.shop, id: { in: missing } }, select: { id: true, processedDay: true } });
    for (const f of found) dayOf.set(f.id, f.processedDay);
  }
  const lineRows: LineRow[] = items.map(({ node, parent }) => {
    const day = dayOf.get(parent);
    if (!day) throw new Error(`line item ${node.id} arrived before its order ${parent}`);
    return lineRow(node, parent, day, ctx);
  });
  await db.$transaction(async (tx) => {
    await upsertOrders(tx, orders);
    await upsertLines(tx, lineRows);
    await upsertShippingLines(tx, shipping);
    await upsertRefundHeaders(tx, refunds);
    await upsertCustomers(tx, customers);
    await tx.syncState.update({ where: { shop_source: { shop: ctx.shop, source: BACKFILL_SOURCE } }, data: { linesProcessed: linesAfter } });
  });
}
