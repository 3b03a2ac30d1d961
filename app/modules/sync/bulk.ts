// A bulk query from start to JSONL: run it (or pick up one a previous attempt started), wait for
// Shopify to finish the file, stream the file in batches of parsed lines. Used by the catalog
// sync; the orders backfill (backfill.ts) has its own resumable copy of these steps.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { AdminGraphql } from "../shopify/admin-client";
import { BULK_OPERATION_QUERY, BULK_RUN_MUTATION } from "../shopify/queries";
import type { FetchLike } from "../shopify/endpoint";

export interface BulkOperation {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  errorCode: string | null;
  objectCount: string;
  url: string | null;
}

export async function startBulkQuery(admin: AdminGraphql, query: string): Promise<string> {
  const res = await admin.request<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: Array<{ message: string; code: string | null }> } }>(
    BULK_RUN_MUTATION, { query });
  const op = res.bulkOperationRunQuery.bulkOperation;
  if (!op) throw new Error(`bulk operation refused: ${res.bulkOperationRunQuery.userErrors.map((e) => `${e.code ?? ""} ${e.message}`.trim()).join("; ")}`);
  return op.id;
}

export async function getBulkOperation(admin: AdminGraphql, id: string): Promise<BulkOperation | null> {
  return (await admin.request<{ bulkOperation: BulkOperation | null }>(BULK_OPERATION_QUERY, { id })).bulkOperation;
}

/** Polls until the operation leaves CREATED/RUNNING; throws unless it COMPLETED. */
export async function waitForBulk(admin: AdminGraphql, id: string, pollMs: number, onPoll?: () => void): Promise<BulkOperation> {
  for (;;) {
    const op = await getBulkOperation(admin, id);
    if (!op) throw new Error(`bulk operation ${id} vanished`);
    if (op.status !== "CREATED" && op.status !== "RUNNING") {
      if (op.status !== "COMPLETED") throw new Error(`bulk operation ${id} ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ""}`);
      return op;
    }
    onPoll?.();
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Streams a result file line by line, handing over batches of parsed objects (memory stays flat). */
export async function streamJsonl(
  url: string, fetchFile: FetchLike | undefined, batchSize: number, onBatch: (objs: Array<Record<string, unknown>>, linesSoFar: number) => Promise<void>,
): Promise<number> {
  const res = await (fetchFile ?? fetch)(url);
  if (!res.ok || !res.body) throw new Error(`bulk result download failed: HTTP ${res.status}`);
  const rl = createInterface({ input: Readable.fromWeb(res.body as never), crlfDelay: Infinity });
  let batch: Array<Record<string, unknown>> = [];
  let n = 0;
  for await (const line of rl) {
    if (line.trim() === "") continue;
    n++;
    try {
      batch.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      throw new Error(`bulk result line ${n} is not JSON: ${line.slice(0, 200)}`);
    }
    if (batch.length >= batchSize) {
      await onBatch(batch, n);
      batch = [];
    }
  }
  if (batch.length > 0) await onBatch(batch, n);
  return n;
}
