// Writes fact rows. Multi-row INSERT ... ON CONFLICT DO UPDATE through Prisma's raw API: one
// statement per few hundred rows keeps a 400,000-line backfill in seconds rather than minutes of
// per-row upserts, and the statement shape is the same on SQLite and PostgreSQL (only the
// placeholder differs). Every write is an upsert keyed on (shop, id): replaying a batch, a
// webhook or a whole backfill leaves the same rows.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { CustomerRow, LineRow, OrderRow, RefundLineRow, RefundRow, ShippingRow } from "./facts";

export type Tx = Prisma.TransactionClient | PrismaClient;

// better-sqlite3's SQLite allows 32,766 bound parameters per statement.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 500;

function q(name: string): string {
  return `"${name}"`;
}

/** Generic multi-row upsert keyed on (shop, id) unless `keys` says otherwise. */
export async function upsert<T extends object>(
  tx: Tx,
  table: string,
  rows: T[],
  opts: { keys?: string[]; updateWhere?: string; insertOnly?: boolean; keepOnUpdate?: string[] } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const keys = opts.keys ?? ["shop", "id"];
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const placeholders = `(${columns.map(() => "?").join(",")})`;
  const updates = columns.filter((c) => !keys.includes(c) && !opts.keepOnUpdate?.includes(c)).map((c) => `${q(c)} = excluded.${q(c)}`);
  const conflict = opts.insertOnly || updates.length === 0
    ? `ON CONFLICT (${keys.map(q).join(",")}) DO NOTHING`
    : `ON CONFLICT (${keys.map(q).join(",")}) DO UPDATE SET ${updates.join(", ")}${opts.updateWhere ? ` WHERE ${opts.updateWhere}` : ""}`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    for (const row of chunk) for (const c of columns) params.push((row as Record<string, unknown>)[c]);
    const sql = `INSERT INTO ${q(table)} (${columns.map(q).join(",")}) VALUES ${chunk.map(() => placeholders).join(",")} ${conflict}`;
    await tx.$executeRawUnsafe(sql, ...params);
  }
}

/** Orders: a row never goes back in time (an older read or webhook cannot overwrite a newer one). */
export function upsertOrders(tx: Tx, rows: OrderRow[], syncedAt = new Date()): Promise<void> {
  return upsert(tx, "Order", rows.map((r) => ({ ...r, syncedAt })), {
    updateWhere: `excluded."shopifyUpdatedAt" >= "Order"."shopifyUpdatedAt"`,
  });
}

/**
 * Order lines. unitCostAmount is written when the line is first stored and never updated: the
 * cost at the time of the sale stays, whatever the variant costs at a later refetch.
 */
export function upsertLines(tx: Tx, rows: LineRow[]): Promise<void> {
  return upsert(tx, "OrderLine", rows, { keepOnUpdate: ["unitCostAmount"] });
}

export function upsertShippingLines(tx: Tx, rows: ShippingRow[]): Promise<void> {
  return upsert(tx, "ShippingLine", rows);
}

/** Refunds read in full (with their line items): every column. */
export function upsertRefunds(tx: Tx, rows: RefundRow[]): Promise<void> {
  return upsert(tx, "Refund", rows);
}

/**
 * Refund headers from the bulk backfill (no line items there: linesComplete = false). A header
 * replay must not undo a full read, so for an existing refund it updates only what a header
 * knows; linesComplete and the refunded shipping are left as they are.
 */
export async function upsertRefundHeaders(tx: Tx, rows: RefundRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Insert new headers; for existing ones update only what a header read knows.
  const columns = ["shop", "id", "orderId", "createdAt", "processedAt", "processedDay", "totalRefundedAmount", "shippingRefundedAmount", "linesComplete", "dutiesRefundedAmount"] as const;
  const perStatement = Math.floor(MAX_PARAMS / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    for (const r of chunk) for (const c of columns) params.push(r[c]);
    await tx.$executeRawUnsafe(
      `INSERT INTO "Refund" (${columns.map(q).join(",")}) VALUES ${chunk.map(() => `(${columns.map(() => "?").join(",")})`).join(",")}
       ON CONFLICT ("shop","id") DO UPDATE SET "orderId" = excluded."orderId", "createdAt" = excluded."createdAt",
         "processedAt" = excluded."processedAt", "processedDay" = excluded."processedDay",
         "totalRefundedAmount" = excluded."totalRefundedAmount", "dutiesRefundedAmount" = excluded."dutiesRefundedAmount"`,
      ...params,
    );
  }
}

export function upsertRefundLines(tx: Tx, rows: RefundLineRow[]): Promise<void> {
  return upsert(tx, "RefundLine", rows);
}

/** Customers' lifetime order counts; the last read wins (one row per id per statement). */
export function upsertCustomers(tx: Tx, rows: CustomerRow[], syncedAt = new Date()): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, { ...r, syncedAt }]));
  return upsert(tx, "Customer", [...byId.values()]);
}
