// Admin GraphQL over real HTTP: validation against the real schema with Shopify's error shapes,
// derived order totals worked out by hand (see fixture.ts), pagination and search filters.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Standin } from "./server";
import { gqlCaller, ids, tinyStandin, type GqlResponse } from "./helpers";
import { SHOP } from "./fixture";

let standin: Standin;
let gql: (q: string, v?: Record<string, unknown>, op?: string) => Promise<GqlResponse>;
let token: string;

beforeAll(async () => {
  ({ standin, gql, token } = await tinyStandin());
});
afterAll(async () => {
  await standin.close();
});

const MONEY = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";

// The app's queries live in app/modules/shopify/queries.ts and change with the app; the exact
// assertions here use copies of their shape, and app-queries.test.ts runs the real ones.
import { SHOP_QUERY } from "../../app/modules/shopify/queries";
const REFUND_LINES_PAGE_QUERY = `query GripRefundLinesPage($id: ID!, $after: String) {
  node(id: $id) { ... on Refund { id refundLineItems(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
    nodes { id quantity restockType lineItem { id } subtotalSet { ${MONEY} } } } } } }`;
const ORDERS_UPDATED_SINCE_QUERY = `query GripOrdersUpdatedSince($query: String!, $after: String) {
  orders(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { id updatedAt } } }`;

describe("validation", () => {
  it("answers an unknown field with Shopify's undefinedField error and no data", async () => {
    const r = await gql("query Peek {\n  shop {\n    name\n    nmae\n  }\n}");
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty("data");
    expect(r.body.errors).toEqual([
      {
        message: "Field 'nmae' doesn't exist on type 'Shop'",
        locations: [{ line: 4, column: 5 }],
        path: ["query Peek", "shop", "nmae"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nmae" },
      },
    ]);
  });

  it("names missing required arguments and unknown arguments the graphql-ruby way", async () => {
    const r = await gql("{ order { id } orders(first: 1, bogus: 2) { nodes { id } } }");
    expect(r.body).not.toHaveProperty("data");
    const byCode = Object.fromEntries(r.body.errors!.map((e) => [e.extensions?.code, e]));
    expect(byCode.missingRequiredArguments.message).toBe("Field 'order' is missing required arguments: id");
    expect(byCode.missingRequiredArguments.path).toEqual(["query", "order"]);
    expect(byCode.argumentNotAccepted.message).toBe("Field 'orders' doesn't accept argument 'bogus'");
    expect(byCode.argumentNotAccepted.extensions).toEqual({ code: "argumentNotAccepted", name: "orders", typeName: "Field", argumentName: "bogus" });
  });

  it("refuses an object field without selections and a wrongly typed literal", async () => {
    const r = await gql('{ shop orders(first: "ten") { nodes { id } } }');
    const messages = r.body.errors!.map((e) => e.message);
    expect(messages).toContain("Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)");
    expect(messages).toContain(`Argument 'first' on Field 'orders' has an invalid value ("ten"). Expected type 'Int'.`);
    expect(r.body).not.toHaveProperty("data");
    const badEnum = await gql("{ orders(first: 1, sortKey: BOGUS) { nodes { id } } }");
    expect(badEnum.body.errors).toEqual([
      {
        message: "Argument 'sortKey' on Field 'orders' has an invalid value (BOGUS). Expected type 'OrderSortKeys'.",
        locations: [{ line: 1, column: 29 }],
        path: ["query", "orders", "sortKey"],
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "sortKey" },
      },
    ]);
  });

  it("reports a syntax error with its position", async () => {
    const r = await gql("{ shop { name }");
    expect(r.body.errors).toEqual([{ message: "syntax error, unexpected end of file at [1, 16]", locations: [{ line: 1, column: 16 }] }]);
  });

  it("rejects a variable of the wrong nullability and a missing required variable", async () => {
    const bad = await gql("query Q($id: ID) { order(id: $id) { id } }", { id: "gid://shopify/Order/1001" });
    expect(bad.body.errors![0].message).toBe("Nullability mismatch on variable $id and argument id (ID / ID!)");
    const missing = await gql("query Q($id: ID!) { order(id: $id) { id } }", {});
    expect(missing.body.errors).toEqual([
      { message: "Variable $id of type ID! was provided invalid value", locations: [{ line: 1, column: 9 }], extensions: { value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] } },
    ]);
    expect(missing.body).not.toHaveProperty("data");
  });

  it("requires a valid access token, and serves only real API versions", async () => {
    const anonymous = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query: "{ shop { name } }" }) });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const garbage = await gqlCaller(standin, token, "2026-13")("{ shop { name } }");
    expect(garbage.status).toBe(404);
    expect(garbage.body).toEqual({ errors: "Not Found" });
    const old = await gqlCaller(standin, token, "2024-10")("{ shop { name } }");
    expect(old.status).toBe(200);
    expect(old.headers.get("x-shopify-api-version")).toBe("2026-01");
  });
});

describe("shop and orders", () => {
  it("answers the app's SHOP_QUERY", async () => {
    const r = await gql(SHOP_QUERY);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.shop).toMatchObject({
      name: "Tiny Stand-in Shop",
      myshopifyDomain: SHOP,
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      plan: { publicDisplayName: "Basic", shopifyPlus: false },
    });
    expect((r.body.data!.shop as { id: string }).id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/);
    expect(r.body.extensions!.cost!.requestedQueryCost).toBe(2); // shop 1 + plan 1
    // The app's query uses no deprecated field...
    expect(r.headers.get("x-shopify-api-deprecated-reason")).toBeNull();
    // ...while ShopPlan.displayName (deprecated in 2026-10 for publicDisplayName) is flagged.
    const old = await gql("query Old { shop { plan { displayName } } }");
    expect(old.headers.get("x-shopify-api-deprecated-reason")).toBe("https://shopify.dev/api/usage/versioning#deprecation-practices");
    expect(standin.requests.at(-1)).toMatchObject({ operationName: "Old", deprecated: ["ShopPlan.displayName"] });
    const current = await gql("{ shop { plan { publicDisplayName } } }");
    expect(current.headers.get("x-shopify-api-deprecated-reason")).toBeNull();
    expect(current.body.data).toEqual({ shop: { plan: { publicDisplayName: "Basic" } } });
  });

  it("derives order totals exactly, in shop and presentment money", async () => {
    const r = await gql(`{ order(id: "gid://shopify/Order/1001") {
      subtotalPriceSet { ${MONEY} } totalDiscountsSet { ${MONEY} } totalShippingPriceSet { ${MONEY} }
      totalTaxSet { ${MONEY} } totalPriceSet { ${MONEY} } totalRefundedSet { ${MONEY} }
      currentSubtotalPriceSet { ${MONEY} } currentTotalPriceSet { ${MONEY} }
      displayFinancialStatus customer { id } app { name } attribution { handle displayName }
      refunds { id totalRefundedSet { ${MONEY} } }
      lineItems(first: 5) { nodes { id quantity currentQuantity originalTotalSet { shopMoney { amount } } product { id } variant { id } } }
    } }`);
    expect(r.body.errors).toBeUndefined();
    const o = r.body.data!.order as Record<string, { shopMoney: { amount: string }; presentmentMoney: { amount: string; currencyCode: string } }>;
    const pair = (k: string) => [o[k].shopMoney.amount, o[k].presentmentMoney.amount];
    expect(pair("subtotalPriceSet")).toEqual(["44.0", "51.7"]);
    expect(pair("totalDiscountsSet")).toEqual(["1.5", "1.8"]);
    expect(pair("totalShippingPriceSet")).toEqual(["4.95", "5.8"]);
    expect(pair("totalTaxSet")).toEqual(["0.0", "0.0"]);
    expect(pair("totalPriceSet")).toEqual(["48.95", "57.5"]);
    expect(pair("totalRefundedSet")).toEqual(["12.95", "15.2"]);
    expect(pair("currentSubtotalPriceSet")).toEqual(["36.0", "42.3"]);
    expect(pair("currentTotalPriceSet")).toEqual(["36.0", "42.3"]);
    expect(o.totalPriceSet.presentmentMoney.currencyCode).toBe("EUR");
    const rest = r.body.data!.order as Record<string, unknown>;
    expect(rest.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
    expect(rest.customer).toEqual({ id: "gid://shopify/Customer/501" });
    expect(rest.app).toEqual({ name: "Online Store" });
    expect(rest.attribution).toEqual({ handle: "web", displayName: "Online Store" });
    expect(rest.refunds).toEqual([{ id: "gid://shopify/Refund/1", totalRefundedSet: { shopMoney: { amount: "12.95", currencyCode: "GBP" }, presentmentMoney: { amount: "15.2", currencyCode: "EUR" } } }]);
    expect((rest.lineItems as { nodes: unknown[] }).nodes).toEqual([
      { id: "gid://shopify/LineItem/1", quantity: 3, currentQuantity: 2, originalTotalSet: { shopMoney: { amount: "25.5" } }, product: { id: "gid://shopify/Product/1" }, variant: { id: "gid://shopify/ProductVariant/11" } },
      { id: "gid://shopify/LineItem/2", quantity: 1, currentQuantity: 1, originalTotalSet: { shopMoney: { amount: "20.0" } }, product: { id: "gid://shopify/Product/2" }, variant: { id: "gid://shopify/ProductVariant/21" } },
    ]);
  });

  it("adds tax on top, counts a shipping discount, and knows refunded and cancelled orders", async () => {
    const r = await gql(`{ nodes(ids: ["gid://shopify/Order/1004", "gid://shopify/Order/1002", "gid://shopify/Order/1005", "gid://shopify/Order/999"]) {
      ... on Order { name totalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
        currentTotalPriceSet { shopMoney { amount } } displayFinancialStatus cancelledAt customer { id } app { name } } } }`);
    expect(r.body.errors).toBeUndefined();
    const [o4, o2, o5, missing] = r.body.data!.nodes as Array<Record<string, unknown>>;
    expect(o4).toMatchObject({ name: "#1004", totalPriceSet: { shopMoney: { amount: "102.0" } }, totalTaxSet: { shopMoney: { amount: "17.0" } }, totalDiscountsSet: { shopMoney: { amount: "10.0" } }, displayFinancialStatus: "PAID" });
    expect(o2).toMatchObject({ name: "#1002", currentTotalPriceSet: { shopMoney: { amount: "0.0" } }, displayFinancialStatus: "REFUNDED", customer: null, app: { name: "Point of Sale" } });
    expect(o5).toMatchObject({ name: "#1005", displayFinancialStatus: "REFUNDED", cancelledAt: "2011-03-01T10:00:00Z" });
    expect(missing).toBeNull();
  });

  it("answers refund lines through node(id:), with the line item they refund", async () => {
    const r = await gql(REFUND_LINES_PAGE_QUERY, { id: "gid://shopify/Refund/1" });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.node).toEqual({
      id: "gid://shopify/Refund/1",
      refundLineItems: {
        pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
        nodes: [
          {
            id: "gid://shopify/RefundLineItem/1",
            quantity: 1,
            restockType: "RETURN",
            lineItem: { id: "gid://shopify/LineItem/1" },
            subtotalSet: { shopMoney: { amount: "8.0", currencyCode: "GBP" }, presentmentMoney: { amount: "9.4", currencyCode: "EUR" } },
          },
        ],
      },
    });
  });

  it("says which objects it does not model instead of inventing them", async () => {
    const r = await gql(`{ order(id: "gid://shopify/Order/1001") { id fulfillments { id } } }`);
    expect(r.body.errors![0]).toMatchObject({ message: "The Shopify stand-in does not model Order.fulfillments.", path: ["order", "fulfillments"] });
  });

  it("refuses a malformed global id before running anything, literal or variable", async () => {
    const literal = await gql(`{ order(id: "1001") { id } }`);
    expect(literal.body).toEqual({
      errors: [{ message: "Invalid global id '1001'", locations: [{ line: 1, column: 9 }], path: ["query", "order", "id"], extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } }],
    });
    const variable = await gql("query O($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids: ["gid://shopify/Order/1001", "1002"] });
    expect(variable.body).toEqual({
      errors: [
        {
          message: "Variable $ids of type [ID!]! was provided invalid value",
          locations: [{ line: 1, column: 9 }],
          extensions: { value: ["gid://shopify/Order/1001", "1002"], problems: [{ path: [1], explanation: "Invalid global id '1002'" }] },
        },
      ],
    });
  });

  it("serves products, variants with their inventory cost, and customers", async () => {
    const r = await gql(`{
      products(first: 5, query: "product_type:Kitchen") { nodes { id title handle productType vendor variants(first: 5) { nodes { id sku price inventoryItem { unitCost { amount currencyCode } } } } } }
      productVariants(first: 5, reverse: true) { nodes { id product { title } inventoryItem { unitCost { amount } } } }
      customer(id: "gid://shopify/Customer/501") { id numberOfOrders amountSpent { amount currencyCode } }
    }`);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.products).toEqual({
      nodes: [
        {
          id: "gid://shopify/Product/1",
          title: "Mug",
          handle: "mug",
          productType: "Kitchen",
          vendor: "Tiny",
          variants: { nodes: [{ id: "gid://shopify/ProductVariant/11", sku: "MUG", price: "8.5", inventoryItem: { unitCost: { amount: "3.0", currencyCode: "GBP" } } }] },
        },
      ],
    });
    expect(r.body.data!.productVariants).toEqual({
      nodes: [
        { id: "gid://shopify/ProductVariant/21", product: { title: "Tee" }, inventoryItem: { unitCost: null } },
        { id: "gid://shopify/ProductVariant/11", product: { title: "Mug" }, inventoryItem: { unitCost: { amount: "3.0" } } },
      ],
    });
    // #1001 (48.95 - 12.95 refunded); #1003 is a test order and does not count.
    expect(r.body.data!.customer).toEqual({ id: "gid://shopify/Customer/501", numberOfOrders: "1", amountSpent: { amount: "36.0", currencyCode: "GBP" } });
  });
});

describe("pagination", () => {
  const page = `query P($first: Int, $last: Int, $after: String, $before: String, $sortKey: OrderSortKeys, $reverse: Boolean) {
    orders(first: $first, last: $last, after: $after, before: $before, sortKey: $sortKey, reverse: $reverse) {
      edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  type Page = { edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } };
  const orders = async (v: Record<string, unknown>) => {
    const r = await gql(page, v);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.orders as Page;
  };

  it("walks forward with opaque cursors in PROCESSED_AT order by default", async () => {
    const p1 = await orders({ first: 2 });
    expect(ids(p1.edges.map((e) => e.node))).toEqual(["1001", "1002"]);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(p1.edges[0].cursor).not.toContain("1001");
    const p2 = await orders({ first: 2, after: p1.pageInfo.endCursor });
    // #1004 was processed on 31 January though created on 15 February.
    expect(ids(p2.edges.map((e) => e.node))).toEqual(["1004", "1003"]);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await orders({ first: 2, after: p2.pageInfo.endCursor });
    expect(ids(p3.edges.map((e) => e.node))).toEqual(["1005"]);
    expect(p3.pageInfo.hasNextPage).toBe(false);
  });

  it("walks backward with last/before, and reverses", async () => {
    const tail = await orders({ last: 2 });
    expect(ids(tail.edges.map((e) => e.node))).toEqual(["1003", "1005"]);
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await orders({ last: 2, before: tail.pageInfo.startCursor });
    expect(ids(before.edges.map((e) => e.node))).toEqual(["1002", "1004"]);
    const reversed = await orders({ first: 3, sortKey: "CREATED_AT", reverse: true });
    expect(ids(reversed.edges.map((e) => e.node))).toEqual(["1005", "1004", "1003"]);
    const byUpdate = await orders({ first: 5, sortKey: "UPDATED_AT" });
    expect(ids(byUpdate.edges.map((e) => e.node))).toEqual(["1001", "1003", "1002", "1004", "1005"]);
  });

  it("refuses more than 250 and a connection without first or last", async () => {
    const tooMany = await gql("{ orders(first: 251) { nodes { id } } }");
    expect(tooMany.body.errors![0]).toMatchObject({ message: "first cannot exceed 250", path: ["orders"], extensions: { code: "BAD_REQUEST" } });
    expect(tooMany.body.data).toBeNull();
    const unbounded = await gql("{ orders { nodes { id } } }");
    expect(unbounded.body.errors![0]).toMatchObject({ message: "you must provide one of first or last", path: ["orders"], extensions: { code: "BAD_REQUEST" } });
    expect(unbounded.body.data).toBeNull();
    // Nested connections need a size too; the order then comes back null, its error says why.
    const nested = await gql('{ order(id: "gid://shopify/Order/1001") { id lineItems { nodes { id } } } }');
    expect(nested.body.errors![0]).toMatchObject({ message: "you must provide one of first or last", path: ["order", "lineItems"] });
    expect(nested.body.data).toEqual({ order: null });
  });
});

describe("search filters", () => {
  const names = async (query: string, sortKey = "CREATED_AT") => {
    const r = await gql(`query S($q: String!, $s: OrderSortKeys) { orders(first: 50, query: $q, sortKey: $s) { nodes { name } } }`, { q: query, s: sortKey });
    expect(r.body.errors).toBeUndefined();
    return (r.body.data!.orders as { nodes: Array<{ name: string }> }).nodes.map((n) => n.name);
  };

  it("filters created_at by a date range in the shop's time zone", async () => {
    expect(await names("created_at:>=2011-01-01 created_at:<2011-02-01")).toEqual(["#1001", "#1002"]);
    expect(await names("created_at:>='2011-02-01' AND created_at:<'2011-03-01'")).toEqual(["#1003", "#1004"]);
  });

  it("filters updated_at strictly after a quoted timestamp, oldest change first", async () => {
    expect(await names("updated_at:>'2011-02-01T00:30:00Z'", "UPDATED_AT")).toEqual(["#1002", "#1004", "#1005"]);
    expect(await names("updated_at:>='2011-02-01T00:30:00Z'", "UPDATED_AT")).toEqual(["#1003", "#1002", "#1004", "#1005"]);
  });

  it("filters processed_at, test, OR and negation", async () => {
    expect(await names("processed_at:>=2011-02-01")).toEqual(["#1003", "#1005"]);
    expect(await names("processed_at:<2011-02-01 test:false")).toEqual(["#1001", "#1002", "#1004"]);
    expect(await names("test:true OR financial_status:refunded")).toEqual(["#1002", "#1003", "#1005"]);
    expect(await names("-status:cancelled channel:pos")).toEqual(["#1002"]);
  });

  it("pages through a filtered list oldest change first, with its cost and search echo", async () => {
    const r = await gql(ORDERS_UPDATED_SINCE_QUERY, { query: "updated_at:>'2011-01-31T00:00:00Z'" });
    expect(r.body.errors).toBeUndefined();
    const orders = r.body.data!.orders as { nodes: Array<{ id: string; updatedAt: string }>; pageInfo: { hasNextPage: boolean } };
    expect(orders.nodes).toEqual([
      { id: "gid://shopify/Order/1003", updatedAt: "2011-02-01T00:30:00Z" },
      { id: "gid://shopify/Order/1002", updatedAt: "2011-02-03T08:00:00Z" },
      { id: "gid://shopify/Order/1004", updatedAt: "2011-02-15T15:00:00Z" },
      { id: "gid://shopify/Order/1005", updatedAt: "2011-03-01T10:00:00Z" },
    ]);
    expect(orders.pageInfo.hasNextPage).toBe(false);
    expect(r.body.extensions!.cost!.requestedQueryCost).toBe(102);
    expect(r.body.extensions!.cost!.actualQueryCost).toBe(6);
    expect(r.body.extensions!.search).toEqual([{ path: ["orders"], query: "updated_at:>'2011-01-31T00:00:00Z'", parsed: { field: "updated_at", range_gt: "2011-01-31T00:00:00+00:00" } }]);
  });

  it("ignores an unknown search field and says so in extensions.search", async () => {
    const r = await gql(`{ orders(first: 10, query: "colour:red") { nodes { name } } }`);
    expect((r.body.data!.orders as { nodes: unknown[] }).nodes).toHaveLength(5);
    expect(r.body.extensions!.search).toEqual([
      { path: ["orders"], query: "colour:red", parsed: { field: "colour", match_all: "red" }, warnings: [{ field: "colour", message: "Invalid search field for this query.", code: "invalid_field" }] },
    ]);
  });
});
