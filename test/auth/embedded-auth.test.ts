// Embedded auth end to end: the real built app over HTTP in GRIP_MODE=test, its Admin/OAuth calls
// routed to the Shopify stand-in. What Shopify's admin does when a merchant opens the app (a
// document request with ?id_token=, then data requests with Authorization: Bearer) must be
// accepted and exchanged for an offline token at the stand-in; a session token signed with the
// wrong secret, an expired one or none at all must never get the dashboard's data.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { freePort, startAppServer, type AppServer } from "../helpers/app-server";
import { startStandin } from "../standin/server";
import type { Dataset, MoneyBag } from "../standin/dataset";
import { CHROME_USER_AGENT } from "../browser/chromium";

const SHOP = "auth-test.myshopify.com";
const API_KEY = "grip-auth-test-key";
const API_SECRET = "grip-auth-test-secret";
const HOST_PARAM = Buffer.from(`admin.shopify.com/store/auth-test`).toString("base64url");

const gbp = (amount: string): MoneyBag => ({
  shopMoney: { amount, currencyCode: "GBP" },
  presentmentMoney: { amount, currencyCode: "GBP" },
});

// One shop, one product, one order of 2 × £12.50 on 3 Nov 2011.
const dataset: Dataset = {
  shop: {
    domain: SHOP,
    name: "Auth Test",
    email: "owner@auth-test.example",
    currencyCode: "GBP",
    ianaTimezone: "Europe/London",
    plan: { displayName: "Basic", shopifyPlus: false },
    enabledPresentmentCurrencies: ["GBP"],
  },
  products: [
    {
      id: "gid://shopify/Product/1",
      title: "Enamel mug",
      handle: "enamel-mug",
      productType: "Mugs",
      vendor: "Auth Test",
      isGiftCard: false,
      createdAt: "2011-01-01T00:00:00Z",
      updatedAt: "2011-01-01T00:00:00Z",
      variants: [
        {
          id: "gid://shopify/ProductVariant/1",
          title: "Default Title",
          sku: "MUG-1",
          price: "12.50",
          inventoryItemId: "gid://shopify/InventoryItem/1",
          unitCost: "4.00",
          createdAt: "2011-01-01T00:00:00Z",
          updatedAt: "2011-01-01T00:00:00Z",
        },
      ],
    },
  ],
  customers: [{ id: "gid://shopify/Customer/1", createdAt: "2011-01-01T00:00:00Z", updatedAt: "2011-01-01T00:00:00Z" }],
  orders: [
    {
      id: "gid://shopify/Order/1",
      name: "#1001",
      createdAt: "2011-11-03T10:00:00Z",
      processedAt: "2011-11-03T10:00:00Z",
      updatedAt: "2011-11-03T10:00:00Z",
      cancelledAt: null,
      cancelReason: null,
      test: false,
      currencyCode: "GBP",
      presentmentCurrencyCode: "GBP",
      taxesIncluded: true,
      customerId: "gid://shopify/Customer/1",
      sourceName: "web",
      attribution: { handle: "online_store", displayName: "Online Store" },
      tags: [],
      lineItems: [
        {
          id: "gid://shopify/LineItem/1",
          title: "Enamel mug",
          name: "Enamel mug",
          sku: "MUG-1",
          vendor: "Auth Test",
          productId: "gid://shopify/Product/1",
          variantId: "gid://shopify/ProductVariant/1",
          quantity: 2,
          originalUnitPriceSet: gbp("12.50"),
          discountAllocations: [],
          isGiftCard: false,
          requiresShipping: true,
          taxable: true,
        },
      ],
      shippingLines: [],
      refunds: [],
    },
  ],
};

let standin: Awaited<ReturnType<typeof startStandin>>;
let app: AppServer;
let db: PrismaClient;

beforeAll(async () => {
  const { url: databaseUrl } = await freshDatabase();
  const appPort = await freePort("127.0.0.1");
  const appUrl = `http://127.0.0.1:${appPort}`;
  standin = await startStandin({ datasets: [dataset], apiKey: API_KEY, apiSecret: API_SECRET, appUrl });
  app = await startAppServer({
    port: appPort,
    host: "127.0.0.1",
    env: {
      GRIP_MODE: "test",
      GRIP_SHOPIFY_ENDPOINT: standin.url,
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: appUrl,
    },
  });
  db = createDb(databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
  await app?.close();
  await standin?.close();
});

function appPath(params: Record<string, string> = {}): string {
  const q = new URLSearchParams({ embedded: "1", shop: SHOP, host: HOST_PARAM, from: "2011-11-01", to: "2011-11-30", ...params });
  return `${app.url}/app?${q}`;
}

/** The dashboard's loader data (Remix single fetch), as App Bridge's fetch would request it. */
function dataPath(): string {
  const q = new URLSearchParams({ shop: SHOP, from: "2011-11-01", to: "2011-11-30" });
  return `${app.url}/app.data?${q}`;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: "manual", headers: { "User-Agent": CHROME_USER_AGENT, ...headers } });
}

/** Where an unauthenticated document request is sent: the bounce page that fetches a new token. */
function expectBounce(res: Response) {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "", app.url);
  expect(location.pathname).toBe("/auth/session-token");
  expect(location.searchParams.get("shop")).toBe(SHOP);
}

describe("embedded session-token auth", () => {
  test("a document request without a session token goes to the bounce page", async () => {
    const res = await get(appPath());
    expectBounce(res);
    expect(await res.text()).not.toContain("kpi-");
  });

  test("a session token signed with the wrong secret is refused", async () => {
    const forged = standin.mintSessionToken(SHOP, { secret: "not-the-app-secret" });
    const doc = await get(appPath({ id_token: forged }));
    expectBounce(doc);
    expect(await doc.text()).not.toContain("kpi-");

    const data = await get(dataPath(), { Authorization: `Bearer ${forged}` });
    expect(data.status).toBe(401);
    expect(data.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
    expect(await data.text()).not.toContain("25.00");
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  });

  test("an expired session token is refused", async () => {
    const expired = standin.mintSessionToken(SHOP, { expiresInSeconds: -120 });
    expectBounce(await get(appPath({ id_token: expired })));
    const data = await get(dataPath(), { Authorization: `Bearer ${expired}` });
    expect(data.status).toBe(401);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  });

  test("a valid id_token is exchanged at the stand-in for an expiring offline token and opens the dashboard", async () => {
    const res = await get(appPath({ id_token: standin.mintSessionToken(SHOP) }));
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    expect(html).toContain('data-testid="kpi-gross_sales"');

    const session = await db.session.findFirst({ where: { shop: SHOP, isOnline: false } });
    expect(session).not.toBeNull();
    expect(session!.accessToken).toMatch(/^shpat_/);
    expect(session!.refreshToken).toMatch(/^shprt_/); // expiring offline token (required from 2027)
    expect(session!.expires!.getTime()).toBeGreaterThan(Date.now());

    // The token came from the stand-in: it answers Admin GraphQL with it.
    const probe = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session!.accessToken, "X-Standin-Shop": SHOP },
      body: JSON.stringify({ query: "{ shop { name currencyCode } }" }),
    });
    expect(probe.status).toBe(200);
    expect(await probe.json()).toMatchObject({ data: { shop: { name: "Auth Test", currencyCode: "GBP" } } });
  });

  test("a data request with a valid Authorization: Bearer token gets the dashboard's data", async () => {
    const res = await get(dataPath(), { Authorization: `Bearer ${standin.mintSessionToken(SHOP)}` });
    const body = await res.text();
    expect(res.status, body.slice(0, 500)).toBe(200);
    expect(body).toContain(SHOP);
  });
});
