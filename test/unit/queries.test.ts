// Every document Grip sends must be valid against Shopify's real 2026-10 schema.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { buildClientSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as Q from "../../app/modules/shopify/queries";

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
