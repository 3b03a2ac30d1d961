// A tiny GBP shop (Europe/London) whose dashboard figures were counted by hand, as a stand-in
// Dataset; seedThroughSync puts it into Grip's database the way production does: token exchange
// at the stand-in, the shop query, the bulk backfill (JSONL streamed into facts) and the refund
// line items, all through app/modules/sync.
//
// November 2011 (current period in the test), October 2–31 (its previous period):
//   O1  3 Nov  Online Store   2 × £10.00 (A) + 1 × £5.50 (B) + a £25.00 gift card (not a sale)
//   O2 10 Nov  Point of Sale  3 × £4.25 (C), £1.75 discount
//   O3 20 Nov  Online Store   1 × £10.00 (A)
//   O4 15 Nov  Online Store   TEST order, 5 × £100.00: excluded everywhere
//   P1 15 Oct  Online Store   1 × £10.00 (A)
// Refunds: R1  5 Nov: 1 × B of O1 (£5.50); R2 22 Nov: A of O3 (£10.00); R3 2 Nov: A of P1 (£10.00).
//
// November: gross 20.00 + 5.50 + 12.75 + 10.00 = 48.25; discounts 1.75; returns (by refund day)
// 5.50 + 10.00 + 10.00 = 25.50; net 21.00; orders 3; AOV (48.25 − 1.75) / 3 = 15.50;
// return rate: units returned of November's orders 2 / units sold 7 = 0.2857.
// October: gross 10.00, returns 0, net 10.00, 1 order, AOV 10.00, return rate 1/1 = 1.0000.
import type { PrismaClient } from "@prisma/client";
import { createAdminClient } from "../../app/modules/shopify/admin-client";
import { standinFetch } from "../../app/modules/shopify/endpoint";
import { backfillOrders } from "../../app/modules/sync/backfill";
import { refreshShop } from "../../app/modules/sync/install";
import type { Dataset, MoneyBag, StandinLineItem, StandinOrder, StandinRefund } from "../standin/dataset";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../standin/auth";
import type { Standin } from "../standin/server";

export const SHOP = "hand-counted.myshopify.com";

const gbp = (amount: string): MoneyBag => ({
  shopMoney: { amount, currencyCode: "GBP" },
  presentmentMoney: { amount, currencyCode: "GBP" },
});

const PRODUCTS = {
  A: { price: "10.00", giftCard: false },
  B: { price: "5.50", giftCard: false },
  C: { price: "4.25", giftCard: false },
  D: { price: "100.00", giftCard: false },
  G: { price: "25.00", giftCard: true },
} as const;
type Sku = keyof typeof PRODUCTS;
const productNumber = (sku: Sku) => Object.keys(PRODUCTS).indexOf(sku) + 1;

function line(id: number, sku: Sku, quantity: number, discount?: string): StandinLineItem {
  const p = PRODUCTS[sku];
  return {
    id: `gid://shopify/LineItem/${id}`,
    title: `Product ${sku}`,
    name: `Product ${sku}`,
    sku,
    vendor: "Hand Counted",
    productId: `gid://shopify/Product/${productNumber(sku)}`,
    variantId: `gid://shopify/ProductVariant/${productNumber(sku)}`,
    quantity,
    originalUnitPriceSet: gbp(p.price),
    discountAllocations: discount ? [{ allocatedAmountSet: gbp(discount) }] : [],
    isGiftCard: p.giftCard,
    requiresShipping: !p.giftCard,
    taxable: true,
  };
}

function refund(id: number, day: string, lineItemId: number, quantity: number, unit: string, subtotal: string): StandinRefund {
  const at = `${day}T09:00:00Z`;
  return {
    id: `gid://shopify/Refund/${id}`,
    createdAt: at,
    processedAt: at,
    updatedAt: at,
    note: null,
    refundLineItems: [
      {
        id: `gid://shopify/RefundLineItem/${id}`,
        lineItemId: `gid://shopify/LineItem/${lineItemId}`,
        quantity,
        restockType: "RETURN",
        priceSet: gbp(unit),
        subtotalSet: gbp(subtotal),
        totalTaxSet: gbp("0.00"),
      },
    ],
    refundShippingLines: [],
  };
}

function order(id: number, day: string, channel: "Online Store" | "Point of Sale", lineItems: StandinLineItem[], opts: { test?: boolean; refunds?: StandinRefund[] } = {}): StandinOrder {
  const at = `${day}T12:00:00Z`;
  const refunds = opts.refunds ?? [];
  return {
    id: `gid://shopify/Order/${id}`,
    name: `#${1000 + id}`,
    createdAt: at,
    processedAt: at,
    updatedAt: refunds.length ? refunds[refunds.length - 1].updatedAt : at,
    cancelledAt: null,
    cancelReason: null,
    test: opts.test ?? false,
    currencyCode: "GBP",
    presentmentCurrencyCode: "GBP",
    taxesIncluded: true,
    customerId: null,
    sourceName: channel === "Point of Sale" ? "pos" : "web",
    attribution: channel === "Point of Sale" ? { handle: "pos", displayName: "Point of Sale" } : { handle: "online_store", displayName: "Online Store" },
    tags: [],
    lineItems,
    shippingLines: [],
    refunds,
  };
}

export function handCountedDataset(): Dataset {
  const created = "2011-01-01T00:00:00Z";
  return {
    shop: {
      domain: SHOP,
      name: "Hand Counted",
      email: "owner@hand-counted.example",
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      plan: { displayName: "Basic", shopifyPlus: false },
      enabledPresentmentCurrencies: ["GBP"],
    },
    products: (Object.keys(PRODUCTS) as Sku[]).map((sku) => ({
      id: `gid://shopify/Product/${productNumber(sku)}`,
      title: `Product ${sku}`,
      handle: `product-${sku.toLowerCase()}`,
      productType: PRODUCTS[sku].giftCard ? "Gift card" : "Goods",
      vendor: "Hand Counted",
      isGiftCard: PRODUCTS[sku].giftCard,
      createdAt: created,
      updatedAt: created,
      variants: [
        {
          id: `gid://shopify/ProductVariant/${productNumber(sku)}`,
          title: "Default Title",
          sku,
          price: PRODUCTS[sku].price,
          inventoryItemId: `gid://shopify/InventoryItem/${productNumber(sku)}`,
          unitCost: null,
          createdAt: created,
          updatedAt: created,
        },
      ],
    })),
    customers: [],
    orders: [
      order(5, "2011-10-15", "Online Store", [line(51, "A", 1)], { refunds: [refund(3, "2011-11-02", 51, 1, "10.00", "10.00")] }),
      order(1, "2011-11-03", "Online Store", [line(11, "A", 2), line(12, "B", 1), line(13, "G", 1)], {
        refunds: [refund(1, "2011-11-05", 12, 1, "5.50", "5.50")],
      }),
      order(2, "2011-11-10", "Point of Sale", [line(21, "C", 3, "1.75")]),
      order(4, "2011-11-15", "Online Store", [line(41, "D", 5)], { test: true }),
      order(3, "2011-11-20", "Online Store", [line(31, "A", 1)], { refunds: [refund(2, "2011-11-22", 31, 1, "10.00", "10.00")] }),
    ],
  };
}

/** An offline access token for the shop, by token exchange at the stand-in (as the app gets one). */
async function offlineToken(standin: Standin, apiKey: string, apiSecret: string): Promise<string> {
  const res = await fetch(`${standin.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Standin-Shop": SHOP },
    body: JSON.stringify({
      client_id: apiKey,
      client_secret: apiSecret,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: standin.mintSessionToken(SHOP),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    }),
  });
  if (res.status !== 200) throw new Error(`token exchange at the stand-in answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Shop record + full backfill through Grip's sync module, against the stand-in. */
export async function seedThroughSync(db: PrismaClient, standin: Standin, apiKey: string, apiSecret: string): Promise<void> {
  const token = await offlineToken(standin, apiKey, apiSecret);
  const admin = createAdminClient({ shop: SHOP, fetch: standinFetch(standin.url), accessToken: async () => token });
  const ctx = await refreshShop(db, admin);
  await backfillOrders(db, admin, ctx, { pollIntervalMs: 50 });
  const state = await db.syncState.findUnique({ where: { shop_source: { shop: SHOP, source: "orders_backfill" } } });
  if (state?.status !== "completed") throw new Error(`backfill did not complete: ${state?.status} ${state?.lastError ?? ""}`);
}
