// Query cost and the leaky bucket: costs worked out by hand from Shopify's documented rules
// (objects 1, scalars 0, connections 2 + first x node, mutations 10), the 1000-point ceiling,
// refunds of unused points, throttling and restoring over (a controlled) time.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP } from "./fixture";
import { tinyStandin, type GqlResponse } from "./helpers";
import type { Standin } from "./server";

const clock = { t: Date.parse("2026-12-03T12:00:00Z") };
let standin: Standin;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

beforeAll(async () => {
  ({ standin, gql } = await tinyStandin({ now: () => clock.t }));
});
afterAll(async () => {
  await standin.close();
});

const cost = async (q: string) => {
  const r = await gql(q);
  expect(r.body.errors).toBeUndefined();
  return r.body.extensions!.cost!;
};

describe("requested and actual cost", () => {
  it("prices objects, scalars and connections as Shopify documents", async () => {
    expect((await cost("{ shop { name } }")).requestedQueryCost).toBe(1);
    expect((await cost("{ orders(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }")).requestedQueryCost).toBe(12);
    // 2 + 10 x (order 1 + lineItems (2 + 5 x 1))
    expect((await cost("{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { id } } } } }")).requestedQueryCost).toBe(82);
    // order 1 + totalPriceSet 1 + shopMoney 1
    expect((await cost('{ order(id: "gid://shopify/Order/1001") { totalPriceSet { shopMoney { amount } } } }')).requestedQueryCost).toBe(3);
    // 3 ids x (the node 1 + customer 1)
    expect((await cost('{ nodes(ids: ["gid://shopify/Order/1001", "gid://shopify/Order/1002", "gid://shopify/Order/1003"]) { ... on Order { id customer { id } } } }')).requestedQueryCost).toBe(6);
  });

  it("charges what came back: fewer nodes than asked for, null objects", async () => {
    // 5 orders exist: 2 + 5; customer of #1002 is null, still charged 1 as resolved.
    expect(await cost("{ orders(first: 50) { nodes { id } } }")).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 7 });
    expect(await cost('{ order(id: "gid://shopify/Order/1002") { customer { id } } }')).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 2 });
    expect(await cost('{ order(id: "gid://shopify/Order/9") { customer { id } } }')).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 1 });
  });

  it("charges 10 for a mutation", async () => {
    const r = await gql('mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }');
    expect(r.body.extensions!.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
    await standin.bulkIdle();
  });

  it("refuses a query over 1000 points before running it", async () => {
    const r = await gql("{ orders(first: 250) { nodes { id lineItems(first: 3) { nodes { id } } } } }");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      errors: [
        {
          message:
            "Query cost is 1502, which exceeds the single query max cost limit (1000).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: 1502, maxCost: 1000, documentation: "https://shopify.dev/api/usage/limits#rate-limits" },
        },
      ],
    });
  });

  it("gives a Standard-plan shop Shopify's bucket: 2000 points restoring at 100 a second", async () => {
    const c = await cost("{ shop { name } }");
    expect(c.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });
});

describe("the leaky bucket", () => {
  it("drains, throttles with Shopify's answer, and restores with time", async () => {
    const small = await tinyStandin({ now: () => clock.t, rateLimit: { maximumAvailable: 100, restoreRate: 50 } });
    try {
      const q = "{ orders(first: 5) { nodes { id } } }"; // requested 7, actual 7
      const left: number[] = [];
      for (let i = 0; i < 14; i++) left.push((await small.gql(q)).body.extensions!.cost!.throttleStatus.currentlyAvailable);
      expect(left).toEqual([93, 86, 79, 72, 65, 58, 51, 44, 37, 30, 23, 16, 9, 2]);

      const throttled = await small.gql(q);
      expect(throttled.status).toBe(200);
      expect(throttled.body).toEqual({
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: 7, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 2, restoreRate: 50 } } },
      });
      // A cheaper query still fits in what is left.
      expect((await small.gql("{ shop { name } }")).body.extensions!.cost!.throttleStatus.currentlyAvailable).toBe(1);

      clock.t += 1000; // +50 points
      expect((await small.gql(q)).body.extensions!.cost!.throttleStatus.currentlyAvailable).toBe(44);
      clock.t += 60_000; // full again, never above the maximum
      expect((await small.gql("{ shop { name } }")).body.extensions!.cost!.throttleStatus.currentlyAvailable).toBe(99);

      const log = small.standin.requests.filter((r) => r.shop === SHOP);
      expect(log.filter((r) => r.throttled)).toHaveLength(1);
      expect(log.slice(-1)[0]).toMatchObject({ cost: 1, actualCost: 1, status: 200, throttled: false });
    } finally {
      await small.standin.close();
    }
  });

  it("refunds the points a query did not use", async () => {
    const small = await tinyStandin({ now: () => clock.t, rateLimit: { maximumAvailable: 100, restoreRate: 50 } });
    try {
      const c = (await small.gql("{ orders(first: 50) { nodes { id } } }")).body.extensions!.cost!;
      expect(c).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 7, throttleStatus: { currentlyAvailable: 93 } });
    } finally {
      await small.standin.close();
    }
  });
});
