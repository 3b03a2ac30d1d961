// The demo shop's size: 20,000 orders, 400,000 line items. Paging all of it visits every order
// exactly once in sort order, a page deep in the list costs what the first one does, and a bulk
// export of it streams to disk. (Timings are loose bounds against accidental quadratic work, not
// a benchmark.)

import { afterAll, beforeAll, expect, it } from "vitest";
import type { Dataset, StandinOrder } from "./dataset";
import { API_KEY, API_SECRET, money, order } from "./fixture";
import { gqlCaller, offlineToken } from "./helpers";
import { startStandin, type Standin } from "./server";

const ORDERS = 20_000;
const LINES = 20;
const SHOP = "big-standin.myshopify.com";

function bigDataset(): Dataset {
  const orders: StandinOrder[] = [];
  const start = Date.parse("2011-01-01T00:00:00Z");
  for (let i = 0; i < ORDERS; i++) {
    const at = new Date(start + i * 997_000).toISOString().replace(".000", "");
    // Updates come in a different order from creation, so UPDATED_AT really sorts.
    const updated = new Date(start + ((i * 7919) % ORDERS) * 997_000 + 3_600_000).toISOString().replace(".000", "");
    orders.push(order({
      id: `gid://shopify/Order/${100_000 + i}`,
      name: `#${100_000 + i}`,
      createdAt: at,
      updatedAt: updated,
      lineItems: Array.from({ length: LINES }, (_, j) => ({
        id: `gid://shopify/LineItem/${i * LINES + j + 1}`,
        title: `Item ${j}`,
        name: `Item ${j}`,
        sku: `SKU${j}`,
        vendor: null,
        productId: null,
        variantId: null,
        quantity: 1 + (j % 3),
        originalUnitPriceSet: money(`${1 + j}.25`),
        discountAllocations: [],
        isGiftCard: false,
        requiresShipping: true,
        taxable: true,
      })),
    }));
  }
  return {
    shop: { domain: SHOP, name: "Big", email: "big@example.com", currencyCode: "GBP", ianaTimezone: "Europe/London", plan: { displayName: "Basic", shopifyPlus: false }, enabledPresentmentCurrencies: ["GBP"] },
    products: [],
    customers: [],
    orders,
  };
}

let standin: Standin;
let gql: ReturnType<typeof gqlCaller>;

beforeAll(async () => {
  standin = await startStandin({ datasets: [bigDataset()], apiKey: API_KEY, apiSecret: API_SECRET, bulkDelayMs: 0, rateLimit: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
  gql = gqlCaller(standin, await offlineToken(standin, SHOP));
});
afterAll(async () => {
  await standin.close();
});

it("pages 20,000 orders by UPDATED_AT, each exactly once, in order", async () => {
  const q = `query P($after: String) { orders(first: 250, after: $after, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor } nodes { id updatedAt totalPriceSet { shopMoney { amount } } } } }`;
  const seen = new Set<string>();
  let previous = "";
  let after: string | null = null;
  // Speed is not asserted here (no timed tests: a busy CI machine would fail them); the
  // stand-in's cursors are positions in a sorted index, so deep pages cost what the first does.
  let pages = 0;
  for (;;) {
    const r = await gql(q, { after });
    pages++;
    expect(r.body.errors).toBeUndefined();
    const page = r.body.data!.orders as { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ id: string; updatedAt: string }> };
    for (const n of page.nodes) {
      expect(seen.has(n.id)).toBe(false);
      seen.add(n.id);
      expect(n.updatedAt >= previous).toBe(true);
      previous = n.updatedAt;
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(seen.size).toBe(ORDERS);
  expect(pages).toBe(ORDERS / 250);
});

it("filters the big shop by updated_at and exports it in bulk", async () => {
  const since = await gql(`{ orders(first: 250, query: "updated_at:>'2011-08-01T00:00:00Z'", sortKey: UPDATED_AT) { nodes { updatedAt } } }`);
  const nodes = (since.body.data!.orders as { nodes: Array<{ updatedAt: string }> }).nodes;
  expect(nodes).toHaveLength(250);
  expect(nodes.every((n) => n.updatedAt > "2011-08-01T00:00:00Z")).toBe(true);

  const run = await gql(`mutation { bulkOperationRunQuery(query: "{ orders { edges { node { id lineItems { edges { node { id quantity } } } } } } }") { bulkOperation { id } userErrors { message } } }`);
  const id = (run.body.data!.bulkOperationRunQuery as { bulkOperation: { id: string } }).bulkOperation.id;
  await standin.bulkIdle();
  const op = (await gql(`query Q($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount url } }`, { id })).body.data!.bulkOperation as { status: string; objectCount: string; rootObjectCount: string; url: string };
  expect(op).toMatchObject({ status: "COMPLETED", objectCount: String(ORDERS * (LINES + 1)), rootObjectCount: String(ORDERS) });
  const res = await fetch(op.url);
  let lines = 0;
  let tail = "";
  const decoder = new TextDecoder();
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = tail + decoder.decode(value, { stream: true });
    const parts = text.split("\n");
    tail = parts.pop()!;
    lines += parts.length;
  }
  expect(tail).toBe("");
  expect(lines).toBe(ORDERS * (LINES + 1));
}, 120_000);
