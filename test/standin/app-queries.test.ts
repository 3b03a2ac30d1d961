// Every document the app sends (app/modules/shopify/queries.ts), run against the stand-in: each
// must pass Shopify's validation, stay within the 1000-point query cost, and come back without
// errors. The app's own shopify.app.toml must be readable as the stand-in's subscription list.

import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Q from "../../app/modules/shopify/queries";
import { tinyStandin, type GqlResponse } from "./helpers";
import type { Standin } from "./server";
import { readAppConfig } from "./webhooks";

let standin: Standin;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

beforeAll(async () => {
  ({ standin, gql } = await tinyStandin());
});
afterAll(async () => {
  await standin.close();
});

const ok = (r: GqlResponse) => {
  expect(r.body.errors).toBeUndefined();
  expect(r.body.extensions!.cost!.requestedQueryCost).toBeLessThanOrEqual(1000);
  return r.body.data!;
};

describe("the app's queries", () => {
  it("SHOP_QUERY", async () => {
    expect(ok(await gql(Q.SHOP_QUERY)).shop).toMatchObject({ currencyCode: "GBP" });
  });

  it("ORDER_QUERY and ORDER_LINES_PAGE_QUERY", async () => {
    const order = ok(await gql(Q.ORDER_QUERY, { id: "gid://shopify/Order/1001" })).order as { id: string; totalPriceSet: { shopMoney: { amount: string } } };
    expect(order.id).toBe("gid://shopify/Order/1001");
    expect(order.totalPriceSet.shopMoney.amount).toBe("48.95");
    if ("ORDER_LINES_PAGE_QUERY" in Q) {
      const page = ok(await gql(Q.ORDER_LINES_PAGE_QUERY as string, { id: "gid://shopify/Order/1001" })).order as { lineItems: { nodes: unknown[] } };
      expect(page.lineItems.nodes).toHaveLength(2);
    }
  });

  it("ORDERS_UPDATED_SINCE_QUERY", async () => {
    const orders = ok(await gql(Q.ORDERS_UPDATED_SINCE_QUERY, { query: "updated_at:>'2011-02-10T00:00:00Z'" })).orders as { nodes: Array<{ id: string }> };
    expect(orders.nodes.map((n) => n.id)).toEqual(["gid://shopify/Order/1004", "gid://shopify/Order/1005"]);
  });

  it("REFUND_LINES_QUERY and REFUND_LINES_PAGE_QUERY", async () => {
    const nodes = ok(await gql(Q.REFUND_LINES_QUERY, { ids: ["gid://shopify/Refund/1", "gid://shopify/Refund/2"] })).nodes as Array<{ id: string }>;
    expect(nodes.map((n) => n.id)).toEqual(["gid://shopify/Refund/1", "gid://shopify/Refund/2"]);
    const node = ok(await gql(Q.REFUND_LINES_PAGE_QUERY, { id: "gid://shopify/Refund/2" })).node as { refundLineItems: { nodes: Array<{ quantity: number }> } };
    expect(node.refundLineItems.nodes.map((n) => n.quantity)).toEqual([2]);
  });

  it("BULK_RUN_MUTATION with ordersBulkQuery(), then BULK_OPERATION_QUERY", async () => {
    const run = ok(await gql(Q.BULK_RUN_MUTATION, { query: Q.ordersBulkQuery() })).bulkOperationRunQuery as { bulkOperation: { id: string }; userErrors: unknown[] };
    expect(run.userErrors).toEqual([]);
    await standin.bulkIdle();
    const op = ok(await gql(Q.BULK_OPERATION_QUERY, { id: run.bulkOperation.id })).bulkOperation as { status: string; rootObjectCount: string; url: string };
    expect(op).toMatchObject({ status: "COMPLETED", rootObjectCount: "5" });
    expect((await fetch(op.url)).status).toBe(200);
  });
});

describe("shopify.app.toml", () => {
  it.runIf(existsSync("shopify.app.toml"))("gives subscriptions with topics and a path, on API 2026-10", () => {
    const config = readAppConfig("shopify.app.toml");
    expect(config.apiVersion).toBe("2026-10");
    expect(config.subscriptions.length).toBeGreaterThan(0);
    for (const s of config.subscriptions) {
      expect(s.topics.length).toBeGreaterThan(0);
      expect(s.uri).toMatch(/^\//);
    }
    expect(config.subscriptions.flatMap((s) => s.topics)).toEqual(expect.arrayContaining(["customers/data_request", "customers/redact", "shop/redact"]));
  });
});
