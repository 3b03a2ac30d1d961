// Bulk query operations: the lifecycle, the JSONL Shopify writes (checked line by line against the
// tiny shop), the bulk-only rules, the concurrency limit and the bulk_operations/finish webhook.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ordersBulkQuery } from "../../app/modules/shopify/queries";
import { API_KEY, API_SECRET, OTHER_SHOP, SHOP, SUBSCRIPTIONS_TOML, tinyDataset } from "./fixture";
import { gqlCaller, offlineToken, tinyStandin, type GqlResponse } from "./helpers";
import { startStandin, type Standin } from "./server";

const RUN = `mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query Poll($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt query type } }`;

type Gql = (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;
interface Op {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  completedAt: string | null;
  query: string;
  type: string;
}

async function run(gql: Gql, query: string) {
  const r = await gql(RUN, { query });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.bulkOperationRunQuery as { bulkOperation: { id: string; status: string } | null; userErrors: Array<{ field: string[] | null; message: string; code: string | null }> };
}

async function finished(gql: Gql, id: string): Promise<Op> {
  for (let i = 0; i < 500; i++) {
    const op = (await gql(POLL, { id })).body.data!.bulkOperation as Op;
    if (op.status === "COMPLETED" || op.status === "FAILED" || op.status === "CANCELED") return op;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`bulk operation ${id} did not finish`);
}

let standin: Standin;
let gql: Gql;
let hook: Server;
const received: Array<{ path: string; topic: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", topic: String(req.headers["x-shopify-topic"]), body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const appUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  ({ standin, gql } = await tinyStandin({ appUrl, appToml: SUBSCRIPTIONS_TOML }));
});
afterAll(async () => {
  await standin.close();
  await new Promise((r) => hook.close(r));
});

describe("a bulk query", () => {
  const QUERY = `{
    orders(query: "test:false") {
      edges { node {
        id name totalPriceSet { shopMoney { amount } }
        refunds { id totalRefundedSet { shopMoney { amount } } }
        lineItems { edges { node { id quantity currentQuantity } } }
        shippingLines { edges { node { id title } } }
      } }
    }
  }`;

  it("runs CREATED -> COMPLETED and writes Shopify's JSONL: children after parents, lists inlined", async () => {
    const started = await run(gql, QUERY);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation!.status).toBe("CREATED");
    expect(started.bulkOperation!.id).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);

    const op = await finished(gql, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", errorCode: null, objectCount: "11", rootObjectCount: "4", type: "QUERY", query: QUERY });
    expect(op.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // The result URL works without the access token, like Shopify's signed storage URL.
    const res = await fetch(op.url!);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(String(Buffer.byteLength(text))).toBe(op.fileSize);
    expect(text).toContain('"id":"gid:\\/\\/shopify\\/Order\\/1001"');
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => `${l.id}${l.__parentId ? ` <- ${l.__parentId}` : ""}`)).toEqual([
      "gid://shopify/Order/1001",
      "gid://shopify/LineItem/1 <- gid://shopify/Order/1001",
      "gid://shopify/LineItem/2 <- gid://shopify/Order/1001",
      "gid://shopify/ShippingLine/1 <- gid://shopify/Order/1001",
      "gid://shopify/Order/1002",
      "gid://shopify/LineItem/3 <- gid://shopify/Order/1002",
      "gid://shopify/Order/1004",
      "gid://shopify/LineItem/5 <- gid://shopify/Order/1004",
      "gid://shopify/ShippingLine/4 <- gid://shopify/Order/1004",
      "gid://shopify/Order/1005",
      "gid://shopify/LineItem/6 <- gid://shopify/Order/1005",
    ]);
    // The order's line: its own fields and the inlined refunds list, no connection fields.
    expect(lines[0]).toEqual({
      id: "gid://shopify/Order/1001",
      name: "#1001",
      totalPriceSet: { shopMoney: { amount: "48.95" } },
      refunds: [{ id: "gid://shopify/Refund/1", totalRefundedSet: { shopMoney: { amount: "12.95" } } }],
    });
    expect(lines[1]).toEqual({ id: "gid://shopify/LineItem/1", quantity: 3, currentQuantity: 2, __parentId: "gid://shopify/Order/1001" });
    expect(Object.keys(lines[1]).at(-1)).toBe("__parentId");
  });

  it("delivers bulk_operations/finish with the lower-case status", async () => {
    const started = await run(gql, "{ products { edges { node { id title } } } }");
    const op = await finished(gql, started.bulkOperation!.id);
    await standin.bulkIdle();
    const hookCall = received.find((r) => r.topic === "bulk_operations/finish" && r.body.admin_graphql_api_id === op.id);
    expect(hookCall?.path).toBe("/webhooks/bulk");
    expect(hookCall!.body).toEqual({
      admin_graphql_api_id: op.id,
      completed_at: op.completedAt!.replace("Z", "+00:00"),
      created_at: expect.stringMatching(/\+00:00$/),
      error_code: null,
      status: "completed",
      type: "query",
    });
  });

  it("honours fragments, aliases and __typename in the lines, in query order", async () => {
    const started = await run(
      gql,
      `fragment Money on MoneyBag { shopMoney { amount } }
       { orders(query: "name:1001") { edges { node { __typename id total: totalPriceSet { ...Money } ... on Order { name } lineItems { edges { node { id } } } } } } }`,
    );
    const op = await finished(gql, started.bulkOperation!.id);
    const text = await (await fetch(op.url!)).text();
    expect(text.split("\n")[0]).toBe('{"__typename":"Order","id":"gid:\\/\\/shopify\\/Order\\/1001","total":{"shopMoney":{"amount":"48.95"}},"name":"#1001"}');
    expect(op).toMatchObject({ objectCount: "3", rootObjectCount: "1" });
  });

  it("fails, and says so in the webhook, when the stand-in cannot answer a field", async () => {
    const started = await run(gql, "{ orders { edges { node { id fulfillments { id } } } } }");
    const op = await finished(gql, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    await standin.bulkIdle();
    expect(received.find((r) => r.body.admin_graphql_api_id === op.id)?.body).toMatchObject({ status: "failed", error_code: "internal_server_error" });
  });

  it("completes with no file when nothing matches", async () => {
    const started = await run(gql, '{ orders(query: "created_at:<2001-01-01") { edges { node { id } } } }');
    const op = await finished(gql, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: "0", rootObjectCount: "0", url: null, fileSize: null });
  });

  it("runs the app's own backfill query", async () => {
    const started = await run(gql, ordersBulkQuery());
    expect(started.userErrors).toEqual([]);
    const op = await finished(gql, started.bulkOperation!.id);
    expect(op.status).toBe("COMPLETED");
    const lines = (await (await fetch(op.url!)).text()).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const orders = lines.filter((l) => String(l.id).includes("/Order/"));
    expect(orders.map((o) => o.id)).toEqual(["1001", "1002", "1004", "1003", "1005"].map((n) => `gid://shopify/Order/${n}`));
    const seen = new Set<unknown>();
    for (const l of lines) {
      if (l.__parentId) expect(seen.has(l.__parentId)).toBe(true);
      seen.add(l.id);
    }
    for (const o of orders) {
      expect(o).not.toHaveProperty("lineItems");
      expect(o).not.toHaveProperty("shippingLines");
      expect(Array.isArray(o.refunds)).toBe(true);
    }
    expect(lines.filter((l) => String(l.id).includes("/LineItem/"))).toHaveLength(6);
  });
});

describe("bulk query rules", () => {
  const rejected = async (query: string) => {
    const r = await run(gql, query);
    expect(r.bulkOperation).toBeNull();
    return r.userErrors;
  };

  it("refuses a connection inside a list field", async () => {
    expect(await rejected("{ orders { edges { node { id refunds { id refundLineItems { edges { node { id } } } } } } } }")).toEqual([
      { field: ["query"], message: "Queries that contain a connection field within a list field are not currently supported.", code: "INVALID" },
    ]);
  });

  it("refuses more than five connections", async () => {
    const v = (n: number) => `v${n}: variants { edges { node { id } } }`;
    expect(await rejected(`{ products { edges { node { id ${[1, 2, 3, 4, 5].map(v).join(" ")} } } } }`)).toEqual([
      { field: ["query"], message: "Bulk queries cannot contain more than 5 connections.", code: "INVALID" },
    ]);
    const five = await run(gql, `{ products { edges { node { id ${[1, 2, 3, 4].map(v).join(" ")} } } } }`);
    expect(five.userErrors).toEqual([]);
  });

  it("refuses connections nested deeper than two", async () => {
    expect(await rejected("{ orders { edges { node { id lineItems { edges { node { id product { id variants { edges { node { id } } } } } } } } } } }")).toEqual([
      { field: ["query"], message: "Bulk queries cannot contain connections with a nesting depth greater than 2.", code: "INVALID" },
    ]);
  });

  it("refuses a top-level node, a query without connections, nodes instead of edges, a parent without id", async () => {
    expect(await rejected('{ node(id: "gid://shopify/Order/1001") { id } }')).toEqual([
      { field: ["query"], message: "Bulk queries cannot contain a top level `node` field.", code: "INVALID" },
      { field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" },
    ]);
    expect(await rejected("{ shop { name } }")).toEqual([{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }]);
    expect((await rejected("{ orders { nodes { id } } }"))[0].message).toMatch(/^All connection fields in a bulk query must select their contents using 'edges' > 'node'/);
    expect(await rejected("{ orders { edges { node { name lineItems { edges { node { id } } } } } } }")).toEqual([
      {
        field: ["query"],
        message: "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': lineItems.",
        code: "INVALID",
      },
    ]);
  });

  it("validates the inner query against the schema", async () => {
    expect(await rejected("{ orders { edges { node { id bogus } } } }")).toEqual([
      { field: ["query"], message: "Invalid bulk query: Field 'bogus' doesn't exist on type 'Order'", code: "INVALID" },
    ]);
    expect(await rejected("{ orders { edges { node { id }")).toEqual([{ field: ["query"], message: "Invalid bulk query: syntax error, unexpected end of file", code: "INVALID" }]);
  });
});

describe("concurrency", () => {
  it("runs at most five query operations per shop and lists the running ones", async () => {
    const slow = await tinyStandin({ bulkDelayMs: 400 });
    try {
      const q = "{ products { edges { node { id } } } }";
      const started: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await run(slow.gql, q);
        expect(r.userErrors).toEqual([]);
        started.push(r.bulkOperation!.id);
      }
      const sixth = await run(slow.gql, q);
      expect(sixth.bulkOperation).toBeNull();
      expect(sixth.userErrors).toEqual([
        { field: null, message: `A bulk query operation for this app and shop is already in progress: ${started.join(", ")}.`, code: "OPERATION_IN_PROGRESS" },
      ]);
      await new Promise((r) => setTimeout(r, 250)); // past CREATED, into RUNNING
      const listed = await slow.gql('{ bulkOperations(first: 10, query: "status:running") { nodes { id status } } }');
      expect(listed.body.errors).toBeUndefined();
      const nodes = (listed.body.data!.bulkOperations as { nodes: Array<{ id: string; status: string }> }).nodes;
      expect(nodes.map((n) => n.id)).toEqual([...started].reverse()); // newest first
      expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(["RUNNING"]));
      const current = await slow.gql("{ currentBulkOperation { id } }");
      expect(current.body.data!.currentBulkOperation).toEqual({ id: started[4] });
      await slow.standin.bulkIdle();
      const again = await run(slow.gql, q);
      expect(again.userErrors).toEqual([]);
    } finally {
      await slow.standin.close();
    }
  });
});

describe("cancelling", () => {
  it("cancels a running operation, and refuses to cancel a finished one", async () => {
    const slow = await tinyStandin({ bulkDelayMs: 300 });
    try {
      const started = await run(slow.gql, "{ products { edges { node { id } } } }");
      const cancel = `mutation C($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`;
      const c = await slow.gql(cancel, { id: started.bulkOperation!.id });
      expect(c.body.data!.bulkOperationCancel).toEqual({ bulkOperation: { id: started.bulkOperation!.id, status: "CANCELING" }, userErrors: [] });
      const op = await finished(slow.gql, started.bulkOperation!.id);
      expect(op).toMatchObject({ status: "CANCELED", url: null });
      const again = await slow.gql(cancel, { id: started.bulkOperation!.id });
      expect(again.body.data!.bulkOperationCancel).toEqual({ bulkOperation: { id: started.bulkOperation!.id, status: "CANCELED" }, userErrors: [{ field: null, message: "A bulk operation cannot be canceled when it is canceled" }] });
    } finally {
      await slow.standin.close();
    }
  });
});

describe("shops are separate", () => {
  it("keeps each shop's data and bulk operations to itself", async () => {
    const two = await startStandin({ datasets: [tinyDataset(), tinyDataset(OTHER_SHOP)], apiKey: API_KEY, apiSecret: API_SECRET, bulkDelayMs: 5 });
    try {
      const mine = gqlCaller(two, await offlineToken(two, SHOP));
      const theirs = gqlCaller(two, await offlineToken(two, OTHER_SHOP));
      expect((await theirs("{ shop { myshopifyDomain } }")).body.data).toEqual({ shop: { myshopifyDomain: OTHER_SHOP } });
      const started = await run(mine, "{ products { edges { node { id } } } }");
      expect((await theirs(POLL, { id: started.bulkOperation!.id })).body.data).toEqual({ bulkOperation: null });
      expect(((await mine(POLL, { id: started.bulkOperation!.id })).body.data!.bulkOperation as Op).id).toBe(started.bulkOperation!.id);
    } finally {
      await two.close();
    }
  });
});
