// Webhooks to the app: only subscribed topics, to appUrl + uri, REST bodies, Shopify's headers and
// an HMAC the receiver can check against the raw bytes; the mutations that trigger them change
// what GraphQL answers too.

import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_SECRET, money, SHOP, SUBSCRIPTIONS_TOML, order as fixtureOrder } from "./fixture";
import { tinyStandin, type GqlResponse } from "./helpers";
import type { Standin } from "./server";

interface Received {
  path: string;
  headers: Record<string, string>;
  raw: string;
  body: Record<string, unknown>;
}

let hook: Server;
let appUrl: string;
let received: Received[] = [];
let standin: Standin;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

beforeAll(async () => {
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ path: req.url ?? "", headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      // What the app does: 401 when the HMAC does not verify.
      const expected = createHmac("sha256", API_SECRET).update(raw, "utf8").digest("base64");
      res.writeHead(headers["x-shopify-hmac-sha256"] === expected ? 200 : 401).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  appUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  ({ standin, gql } = await tinyStandin({ appUrl, appToml: SUBSCRIPTIONS_TOML, now: () => Date.parse("2026-12-03T12:00:00Z") }));
});
beforeEach(() => {
  received = [];
});
afterAll(async () => {
  await standin.close();
  await new Promise((r) => hook.close(r));
});

describe("a delivery", () => {
  it("carries Shopify's headers and an HMAC of the raw body", async () => {
    const out = await standin.sendWebhook(SHOP, "orders/updated", { id: 1001, note: "café ✓" });
    expect(out.status).toBe(200);
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r.path).toBe("/webhooks/orders");
    expect(r.raw).toBe('{"id":1001,"note":"café ✓"}');
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-shopify-topic"]).toBe("orders/updated");
    expect(r.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(r.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(r.headers["x-shopify-event-id"]).toBe(out.eventId);
    expect(r.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["x-shopify-triggered-at"]).toBe("2026-12-03T12:00:00.000Z"); // the stand-in's clock
    expect(r.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", API_SECRET).update(Buffer.from(r.raw, "utf8")).digest("base64"));
  });

  it("signs with another secret when asked, which the app must refuse", async () => {
    const out = await standin.sendWebhook(SHOP, "orders/updated", { id: 1 }, { secret: "forged" });
    expect(out.status).toBe(401);
  });

  it("redelivers a duplicate with the same event id and a new webhook id", async () => {
    const first = await standin.sendWebhook(SHOP, "refunds/create", { id: 7 });
    const again = await standin.redeliver(first.eventId);
    expect(received).toHaveLength(2);
    expect(received[1].headers["x-shopify-event-id"]).toBe(first.eventId);
    expect(received[1].headers["x-shopify-webhook-id"]).not.toBe(received[0].headers["x-shopify-webhook-id"]);
    expect(received[1].raw).toBe(received[0].raw);
    expect(received[1].headers["x-shopify-triggered-at"]).toBe(received[0].headers["x-shopify-triggered-at"]);
    expect(again.status).toBe(200);
  });

  it("only delivers topics the app subscribes to, each to its uri", async () => {
    await expect(standin.sendWebhook(SHOP, "products/update", { id: 1 })).rejects.toThrow(/does not subscribe to products\/update/);
    await standin.sendWebhook(SHOP, "shop/redact", standin.complianceBody(SHOP, "shop/redact"));
    await standin.sendWebhook(SHOP, "customers/redact", standin.complianceBody(SHOP, "customers/redact", "gid://shopify/Customer/501"));
    expect(received.map((r) => r.path)).toEqual(["/webhooks/compliance", "/webhooks/compliance"]);
    expect(received[1].body).toEqual({ shop_id: received[0].body.shop_id, shop_domain: SHOP, customer: { id: 501, email: null, phone: null }, orders_to_redact: [1001, 1003] });
  });
});

describe("changes to the shop", () => {
  const orderState = async (id: string) =>
    (await gql(`query O($id: ID!) { order(id: $id) { updatedAt cancelledAt displayFinancialStatus totalRefundedSet { shopMoney { amount } } lineItems(first: 5) { nodes { currentQuantity } } } }`, { id })).body.data!.order as Record<string, unknown>;

  it("createOrder adds the order and sends orders/create with the REST body (orders/paid is not subscribed)", async () => {
    const order = fixtureOrder({
      id: "gid://shopify/Order/2001",
      name: "#2001",
      createdAt: "2026-12-03T11:59:00Z",
      tags: ["new"],
      lineItems: [
        { id: "gid://shopify/LineItem/201", title: "Mug", name: "Mug", sku: "MUG", vendor: "Tiny", productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/11", quantity: 2, originalUnitPriceSet: money("8.50"), discountAllocations: [], isGiftCard: false, requiresShipping: true, taxable: true },
      ],
      shippingLines: [{ id: "gid://shopify/ShippingLine/201", title: "Standard", code: "STD", source: "shopify", originalPriceSet: money("3.00"), discountAllocations: [] }],
    });
    await standin.createOrder(SHOP, order);
    expect(received.map((r) => r.headers["x-shopify-topic"])).toEqual(["orders/create"]);
    const body = received[0].body;
    expect(body).toMatchObject({
      id: 2001,
      admin_graphql_api_id: "gid://shopify/Order/2001",
      name: "#2001",
      email: null,
      order_number: 2001,
      created_at: "2026-12-03T11:59:00+00:00",
      updated_at: "2026-12-03T12:00:00+00:00",
      cancelled_at: null,
      currency: "GBP",
      presentment_currency: "GBP",
      test: false,
      source_name: "web",
      subtotal_price: "17.00",
      total_price: "20.00",
      total_discounts: "0.00",
      total_tax: "0.00",
      financial_status: "paid",
      tags: "new",
      customer: null,
      total_price_set: { shop_money: { amount: "20.00", currency_code: "GBP" }, presentment_money: { amount: "20.00", currency_code: "GBP" } },
      refunds: [],
    });
    expect(body.line_items).toEqual([
      expect.objectContaining({ id: 201, admin_graphql_api_id: "gid://shopify/LineItem/201", sku: "MUG", title: "Mug", quantity: 2, current_quantity: 2, price: "8.50", gift_card: false, product_id: 1, variant_id: 11, price_set: { shop_money: { amount: "8.50", currency_code: "GBP" }, presentment_money: { amount: "8.50", currency_code: "GBP" } } }),
    ]);
    expect(body.shipping_lines).toEqual([expect.objectContaining({ id: 201, title: "Standard", price: "3.00" })]);
    const state = await orderState("gid://shopify/Order/2001");
    expect(state).toMatchObject({ updatedAt: "2026-12-03T12:00:00Z", displayFinancialStatus: "PAID" });
  });

  it("addRefund sends refunds/create then orders/updated, and moves updatedAt on", async () => {
    await standin.addRefund(SHOP, "gid://shopify/Order/2001", {
      id: "gid://shopify/Refund/201",
      createdAt: "2026-12-03T12:00:00Z",
      processedAt: "2026-12-03T12:00:00Z",
      updatedAt: "2026-12-03T12:00:00Z",
      note: null,
      refundLineItems: [{ id: "gid://shopify/RefundLineItem/201", lineItemId: "gid://shopify/LineItem/201", quantity: 1, restockType: "RETURN", priceSet: money("8.50"), subtotalSet: money("8.50"), totalTaxSet: money("0.00") }],
      refundShippingLines: [],
    });
    expect(received.map((r) => r.headers["x-shopify-topic"])).toEqual(["refunds/create", "orders/updated"]);
    expect(received[0].body).toMatchObject({
      id: 201,
      admin_graphql_api_id: "gid://shopify/Refund/201",
      order_id: 2001,
      processed_at: "2026-12-03T12:00:00+00:00",
      refund_line_items: [expect.objectContaining({ id: 201, line_item_id: 201, quantity: 1, restock_type: "return", subtotal: "8.50", subtotal_set: { shop_money: { amount: "8.50", currency_code: "GBP" }, presentment_money: { amount: "8.50", currency_code: "GBP" } } })],
    });
    expect(received[1].body).toMatchObject({ id: 2001, financial_status: "partially_refunded", current_total_price: "11.50", updated_at: "2026-12-03T12:00:01+00:00" });
    expect(await orderState("gid://shopify/Order/2001")).toMatchObject({
      updatedAt: "2026-12-03T12:00:01Z",
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      totalRefundedSet: { shopMoney: { amount: "8.5" } },
      lineItems: { nodes: [{ currentQuantity: 1 }] },
    });
  });

  it("updateOrder that cancels sends orders/cancelled and orders/updated; silent changes send nothing", async () => {
    await standin.updateOrder(SHOP, "gid://shopify/Order/2001", (o) => {
      o.cancelledAt = "2026-12-03T12:00:00Z";
      o.cancelReason = "CUSTOMER";
    });
    expect(received.map((r) => r.headers["x-shopify-topic"])).toEqual(["orders/cancelled", "orders/updated"]);
    expect(received[0].body).toMatchObject({ cancelled_at: "2026-12-03T12:00:00+00:00", cancel_reason: "customer" });
    received = [];
    await standin.updateOrder(SHOP, "gid://shopify/Order/2001", (o) => o.tags.push("quiet"), { silent: true });
    expect(received).toEqual([]);
    const found = await gql(`{ orders(first: 5, query: "tag:quiet") { nodes { id updatedAt } } }`);
    expect(found.body.data!.orders).toEqual({ nodes: [{ id: "gid://shopify/Order/2001", updatedAt: "2026-12-03T12:00:03Z" }] });
    // The order moved to the end of the UPDATED_AT order, where incremental sync looks.
    const since = await gql(`{ orders(first: 1, reverse: true, sortKey: UPDATED_AT) { nodes { id } } }`);
    expect(since.body.data!.orders).toEqual({ nodes: [{ id: "gid://shopify/Order/2001" }] });
  });

  it("restOrder gives the REST body for an existing order, times in the shop's zone", async () => {
    const o = standin.restOrder(SHOP, "gid://shopify/Order/1001");
    expect(o).toMatchObject({
      id: 1001,
      processed_at: "2011-01-05T10:00:00+00:00",
      currency: "GBP",
      presentment_currency: "EUR",
      subtotal_price: "44.00",
      total_price: "48.95",
      current_total_price: "36.00",
      total_discounts: "1.50",
      financial_status: "partially_refunded",
      customer: expect.objectContaining({ id: 501, admin_graphql_api_id: "gid://shopify/Customer/501" }),
      total_price_set: { shop_money: { amount: "48.95", currency_code: "GBP" }, presentment_money: { amount: "57.50", currency_code: "EUR" } },
    });
    expect((o.line_items as Array<Record<string, unknown>>)[0]).toMatchObject({ current_quantity: 2, total_discount: "1.50" });
  });

  it("uninstall sends app/uninstalled with the REST shop and cuts the app off", async () => {
    const other = await tinyStandin({ appUrl, appToml: SUBSCRIPTIONS_TOML });
    try {
      await other.standin.uninstall(SHOP);
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe("/webhooks/app/uninstalled");
      expect(received[0].body).toMatchObject({
        id: expect.any(Number),
        name: "Tiny Stand-in Shop",
        domain: SHOP,
        myshopify_domain: SHOP,
        currency: "GBP",
        iana_timezone: "Europe/London",
        plan_display_name: "Basic",
      });
      expect((await other.gql("{ shop { name } }")).status).toBe(401);
    } finally {
      await other.standin.close();
    }
  });

  it("trims bodies to include_fields", async () => {
    const trimmed = await tinyStandin({
      appUrl,
      appToml: `[webhooks]\napi_version = "2026-10"\n[[webhooks.subscriptions]]\ntopics = ["orders/updated"]\nuri = "/webhooks/slim"\ninclude_fields = ["id", "updated_at", "line_items.id"]\n`,
    });
    try {
      await trimmed.standin.updateOrder(SHOP, "gid://shopify/Order/1002", () => undefined);
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe("/webhooks/slim");
      expect(received[0].body).toEqual({ id: 1002, updated_at: expect.stringMatching(/\+00:00$/), line_items: [{ id: 3 }] });
    } finally {
      await trimmed.standin.close();
    }
  });
});
