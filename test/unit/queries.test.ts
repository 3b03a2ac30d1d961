// Every document Grip sends must be valid against Shopify's real 2026-10 schema.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { buildClientSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as Q from "../../app/modules/shopify/queries";
import { MAX_QUERY_COST, requestedCost } from "../standin/cost";
import type { FragmentDefinitionNode, OperationDefinitionNode } from "graphql";

const schema = buildClientSchema(
  JSON.parse(gunzipSync(readFileSync(path.resolve(import.meta.dirname, "../../app/modules/shopify/schema/admin_2026-10.json.gz"))).toString("utf8")).data,
);

const documents: Record<string, string> = {
  SHOP_QUERY: Q.SHOP_QUERY,
  ordersBulkQuery: Q.ordersBulkQuery(),
  BULK_RUN_MUTATION: Q.BULK_RUN_MUTATION,
  BULK_OPERATION_QUERY: Q.BULK_OPERATION_QUERY,
  REFUND_LINES_QUERY: Q.REFUND_LINES_QUERY,
  REFUND_LINES_PAGE_QUERY: Q.REFUND_LINES_PAGE_QUERY,
  ORDER_QUERY: Q.ORDER_QUERY,
  ORDER_LINES_PAGE_QUERY: Q.ORDER_LINES_PAGE_QUERY,
  ORDERS_UPDATED_SINCE_QUERY: Q.ORDERS_UPDATED_SINCE_QUERY,
};

describe("Admin GraphQL documents", () => {
  for (const [name, doc] of Object.entries(documents)) {
    it(`${name} validates against admin 2026-10`, () => {
      const errors = validate(schema, parse(doc)).map((e) => e.message);
      expect(errors).toEqual([]);
    });
  }
  it("the validator really rejects a wrong field (the check can fail)", () => {
    expect(validate(schema, parse("{ shop { notAField } }")).length).toBe(1);
  });
});

// Shopify refuses a query whose requested cost exceeds 1,000 points. The stand-in computes the
// cost by Shopify's documented rules; every paged read must fit with its largest variables.
const largestVariables: Record<string, Record<string, unknown>> = {
  REFUND_LINES_QUERY: { ids: Array.from({ length: Q.REFUNDS_PER_LINES_QUERY }, (_, i) => `gid://shopify/Refund/${i + 1}`) },
  REFUND_LINES_PAGE_QUERY: { id: "gid://shopify/Refund/1", after: "x" },
  ORDER_QUERY: { id: "gid://shopify/Order/1" },
  ORDER_LINES_PAGE_QUERY: { id: "gid://shopify/Order/1", after: "x" },
  ORDERS_UPDATED_SINCE_QUERY: { query: "updated_at:>'2026-01-01T00:00:00Z'" },
  SHOP_QUERY: {},
  BULK_OPERATION_QUERY: { id: "gid://shopify/BulkOperation/1" },
};

describe("query cost", () => {
  for (const [name, variables] of Object.entries(largestVariables)) {
    it(`${name} stays within Shopify's single-query cost limit`, () => {
      const doc = parse(documents[name]);
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
      const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === "FragmentDefinition").map((f) => [f.name.value, f]));
      const cost = requestedCost(schema, op, fragments, variables);
      expect(cost).toBeGreaterThan(0);
      expect(cost).toBeLessThanOrEqual(MAX_QUERY_COST);
    });
  }
});
