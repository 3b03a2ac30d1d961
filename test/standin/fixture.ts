// A tiny shop for the stand-in's own tests. Every expected figure in the tests was worked out by
// hand from the lines below (the working is next to each order).

import type { Dataset, MoneyBag, StandinLineItem, StandinOrder } from "./dataset";

export const SHOP = "tiny-standin.myshopify.com";
export const OTHER_SHOP = "other-standin.myshopify.com";
export const API_KEY = "standin-test-client-id";
export const API_SECRET = "standin-test-client-secret";

export function money(gbp: string, eur?: string): MoneyBag {
  return {
    shopMoney: { amount: gbp, currencyCode: "GBP" },
    presentmentMoney: eur ? { amount: eur, currencyCode: "EUR" } : { amount: gbp, currencyCode: "GBP" },
  };
}

function line(id: number, productId: number, title: string, quantity: number, unit: MoneyBag, extra: Partial<StandinLineItem> = {}): StandinLineItem {
  return {
    id: `gid://shopify/LineItem/${id}`,
    title,
    name: title,
    sku: title.toUpperCase(),
    vendor: "Tiny",
    productId: `gid://shopify/Product/${productId}`,
    variantId: `gid://shopify/ProductVariant/${productId}1`,
    quantity,
    originalUnitPriceSet: unit,
    discountAllocations: [],
    isGiftCard: false,
    requiresShipping: true,
    taxable: true,
    ...extra,
  };
}

const web = { handle: "web", displayName: "Online Store" };
const pos = { handle: "pos", displayName: "Point of Sale" };

/** An Online Store order in GBP with Shopify's defaults; the caller gives what matters to it. */
export function order(o: Partial<StandinOrder> & Pick<StandinOrder, "id" | "name" | "createdAt" | "lineItems">): StandinOrder {
  return {
    processedAt: o.createdAt,
    updatedAt: o.createdAt,
    cancelledAt: null,
    cancelReason: null,
    test: false,
    currencyCode: "GBP",
    presentmentCurrencyCode: "GBP",
    taxesIncluded: false,
    customerId: null,
    sourceName: "web",
    attribution: web,
    tags: [],
    shippingLines: [],
    refunds: [],
    ...o,
  };
}

export function tinyDataset(domain = SHOP): Dataset {
  return {
    shop: {
      domain,
      name: "Tiny Stand-in Shop",
      email: "owner@tiny.example",
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      plan: { displayName: "Basic", shopifyPlus: false },
      enabledPresentmentCurrencies: ["GBP", "EUR"],
    },
    products: [
      {
        id: "gid://shopify/Product/1",
        title: "Mug",
        handle: "mug",
        productType: "Kitchen",
        vendor: "Tiny",
        isGiftCard: false,
        createdAt: "2010-12-01T00:00:00Z",
        updatedAt: "2010-12-01T00:00:00Z",
        variants: [{ id: "gid://shopify/ProductVariant/11", title: "Default Title", sku: "MUG", price: "8.50", inventoryItemId: "gid://shopify/InventoryItem/111", unitCost: "3.00", createdAt: "2010-12-01T00:00:00Z", updatedAt: "2010-12-01T00:00:00Z" }],
      },
      {
        id: "gid://shopify/Product/2",
        title: "Tee",
        handle: "tee",
        productType: "Clothing",
        vendor: "Tiny",
        isGiftCard: false,
        createdAt: "2010-12-02T00:00:00Z",
        updatedAt: "2010-12-02T00:00:00Z",
        variants: [{ id: "gid://shopify/ProductVariant/21", title: "Default Title", sku: "TEE", price: "20.00", inventoryItemId: "gid://shopify/InventoryItem/211", unitCost: null, createdAt: "2010-12-02T00:00:00Z", updatedAt: "2010-12-02T00:00:00Z" }],
      },
    ],
    customers: [{ id: "gid://shopify/Customer/501", createdAt: "2010-12-20T00:00:00Z", updatedAt: "2010-12-20T00:00:00Z" }],
    orders: [
      // #1001, paid in EUR. Lines: 3 x 8.50 = 25.50 less 1.50 discount, 1 x 20.00; shipping 4.95.
      // subtotal 44.00 GBP (30.00 - 1.80 + 23.50 = 51.70 EUR); total 48.95 (57.50 EUR).
      // Refund 1: one mug, subtotal 8.00 (9.40 EUR) + shipping 4.95 (5.80) = 12.95 (15.20 EUR).
      // current subtotal 36.00 (42.30 EUR), current total 36.00 (42.30 EUR): partially refunded.
      order({
        id: "gid://shopify/Order/1001",
        name: "#1001",
        createdAt: "2011-01-05T10:00:00Z",
        customerId: "gid://shopify/Customer/501",
        presentmentCurrencyCode: "EUR",
        lineItems: [
          line(1, 1, "Mug", 3, money("8.50", "10.00"), { discountAllocations: [{ allocatedAmountSet: money("1.50", "1.80") }] }),
          line(2, 2, "Tee", 1, money("20.00", "23.50")),
        ],
        shippingLines: [{ id: "gid://shopify/ShippingLine/1", title: "Standard", code: "STD", source: "shopify", originalPriceSet: money("4.95", "5.80"), discountAllocations: [] }],
        refunds: [
          {
            id: "gid://shopify/Refund/1",
            createdAt: "2011-01-10T09:00:00Z",
            processedAt: "2011-01-10T09:00:00Z",
            updatedAt: "2011-01-10T09:00:00Z",
            note: null,
            refundLineItems: [
              { id: "gid://shopify/RefundLineItem/1", lineItemId: "gid://shopify/LineItem/1", quantity: 1, restockType: "RETURN", priceSet: money("8.50", "10.00"), subtotalSet: money("8.00", "9.40"), totalTaxSet: money("0.00", "0.00") },
            ],
            refundShippingLines: [{ id: "gid://shopify/RefundShippingLine/1", shippingLineId: "gid://shopify/ShippingLine/1", subtotalAmountSet: money("4.95", "5.80"), taxAmountSet: money("0.00", "0.00") }],
          },
        ],
      }),
      // #1002 at the till, guest: 2 x 20.00 = 40.00, all refunded -> REFUNDED, current 0.
      order({
        id: "gid://shopify/Order/1002",
        name: "#1002",
        createdAt: "2011-01-20T12:00:00Z",
        updatedAt: "2011-02-03T08:00:00Z",
        sourceName: "pos",
        attribution: pos,
        lineItems: [line(3, 2, "Tee", 2, money("20.00"))],
        refunds: [
          {
            id: "gid://shopify/Refund/2",
            createdAt: "2011-02-03T08:00:00Z",
            processedAt: "2011-02-03T08:00:00Z",
            updatedAt: "2011-02-03T08:00:00Z",
            note: "changed mind",
            refundLineItems: [
              { id: "gid://shopify/RefundLineItem/2", lineItemId: "gid://shopify/LineItem/3", quantity: 2, restockType: "RETURN", priceSet: money("20.00"), subtotalSet: money("40.00"), totalTaxSet: money("0.00") },
            ],
            refundShippingLines: [],
          },
        ],
      }),
      // #1003, a test order placed 00:30 on 1 February (GMT = London in winter): 8.50, paid.
      order({
        id: "gid://shopify/Order/1003",
        name: "#1003",
        createdAt: "2011-02-01T00:30:00Z",
        test: true,
        customerId: "gid://shopify/Customer/501",
        lineItems: [line(4, 1, "Mug", 1, money("8.50"))],
      }),
      // #1004, imported: processed 31 January, created 15 February. 10 x 8.50 = 85.00 plus 20 %
      // tax 17.00 on top; shipping 10.00 fully discounted. Total 102.00, discounts 10.00.
      order({
        id: "gid://shopify/Order/1004",
        name: "#1004",
        createdAt: "2011-02-15T15:00:00Z",
        processedAt: "2011-01-31T23:00:00Z",
        lineItems: [line(5, 1, "Mug", 10, money("8.50"), { taxLines: [{ title: "VAT", rate: 0.2, priceSet: money("17.00") }] })],
        shippingLines: [{ id: "gid://shopify/ShippingLine/4", title: "Courier", code: "CR", source: "shopify", originalPriceSet: money("10.00"), discountAllocations: [{ allocatedAmountSet: money("10.00") }] }],
      }),
      // #1005, cancelled an hour after it was placed and refunded in full: 20.00 -> REFUNDED.
      order({
        id: "gid://shopify/Order/1005",
        name: "#1005",
        createdAt: "2011-03-01T09:00:00Z",
        updatedAt: "2011-03-01T10:00:00Z",
        cancelledAt: "2011-03-01T10:00:00Z",
        cancelReason: "CUSTOMER",
        lineItems: [line(6, 2, "Tee", 1, money("20.00"))],
        refunds: [
          {
            id: "gid://shopify/Refund/5",
            createdAt: "2011-03-01T10:00:00Z",
            processedAt: "2011-03-01T10:00:00Z",
            updatedAt: "2011-03-01T10:00:00Z",
            note: null,
            refundLineItems: [
              { id: "gid://shopify/RefundLineItem/5", lineItemId: "gid://shopify/LineItem/6", quantity: 1, restockType: "CANCEL", priceSet: money("20.00"), subtotalSet: money("20.00"), totalTaxSet: money("0.00") },
            ],
            refundShippingLines: [],
          },
        ],
      }),
    ],
  };
}

export const SUBSCRIPTIONS_TOML = `
client_id = "${API_KEY}"
name = "grip-test"

[access_scopes]
scopes = "read_orders,read_all_orders,read_products,read_customers"

[webhooks]
api_version = "2026-10"

[[webhooks.subscriptions]]
topics = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"]
uri = "/webhooks/orders"

[[webhooks.subscriptions]]
topics = ["app/uninstalled"]
uri = "/webhooks/app/uninstalled"

[[webhooks.subscriptions]]
topics = ["bulk_operations/finish"]
uri = "/webhooks/bulk"

[[webhooks.subscriptions]]
uri = "/webhooks/compliance"
compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]
`;
