// The folder for bulk result files: created when it does not exist yet (the demo passes
// `.standin/`, absent in a fresh clone), and a file that cannot be written fails the operation
// (FAILED, INTERNAL_SERVER_ERROR) instead of leaving it RUNNING for ever.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { ordersBulkQuery } from "../../app/modules/shopify/queries";
import { tinyStandin } from "./helpers";
import type { Standin } from "./server";

const RUN = `mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id } userErrors { message } } }`;
const POLL = `query Poll($id: ID!) { bulkOperation(id: $id) { status errorCode objectCount } }`;

const base = mkdtempSync(path.join(tmpdir(), "standin-datadir-"));
const open: Standin[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
  rmSync(base, { recursive: true, force: true });
});

type Gql = Awaited<ReturnType<typeof tinyStandin>>["gql"];

async function runToEnd(gql: Gql): Promise<{ status: string; errorCode: string | null; objectCount: string }> {
  const id = ((await gql(RUN, { query: ordersBulkQuery() })).body.data!.bulkOperationRunQuery as { bulkOperation: { id: string } }).bulkOperation.id;
  for (let i = 0; i < 500; i++) {
    const op = (await gql(POLL, { id })).body.data!.bulkOperation as { status: string; errorCode: string | null; objectCount: string };
    if (op.status !== "CREATED" && op.status !== "RUNNING") return op;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("bulk operation still running after 5 s");
}

it("creates a missing data folder and completes the operation", async () => {
  const dir = path.join(base, "not", "there", "yet");
  const { standin, gql } = await tinyStandin({ dataDir: dir, bulkDelayMs: 5 });
  open.push(standin);
  expect(existsSync(dir)).toBe(true);
  const op = await runToEnd(gql);
  expect(op.status).toBe("COMPLETED");
  expect(Number(op.objectCount)).toBeGreaterThan(0);
});

it("fails the operation when its file cannot be written", async () => {
  const dir = path.join(base, "vanishing");
  const { standin, gql } = await tinyStandin({ dataDir: dir, bulkDelayMs: 5 });
  open.push(standin);
  rmSync(dir, { recursive: true, force: true }); // the folder disappears under the stand-in
  const op = await runToEnd(gql);
  expect([op.status, op.errorCode]).toEqual(["FAILED", "INTERNAL_SERVER_ERROR"]);
});
