// Grip's Shopify app object (shopify-app-remix): embedded auth with token exchange, expiring
// offline tokens, sessions in Prisma, webhooks declared in shopify.app.toml (not registered at
// install). In test and demo mode GRIP_SHOPIFY_ENDPOINT routes every Admin/OAuth call to the
// local stand-in through setAbstractFetchFunc; production never takes that branch.
import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { env } from "./env.server";
import { standinFetch } from "./modules/shopify/endpoint";
import { createAdminClient, type AdminGraphql } from "./modules/shopify/admin-client";
import { afterInstall, setAdminFactory } from "./modules/sync/install.server";

const config = env();

if (config.GRIP_SHOPIFY_ENDPOINT) {
  setAbstractFetchFunc(standinFetch(config.GRIP_SHOPIFY_ENDPOINT, globalThis.fetch) as never);
}

const DEFAULT_SCOPES =
  "read_orders,read_all_orders,read_products,read_inventory,read_locations,read_customers,read_returns,read_reports,read_marketing_events,read_shopify_payments_payouts,read_shopify_payments_accounts";

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.October26,
  scopes: (config.SCOPES ?? DEFAULT_SCOPES).split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db()),
  distribution: AppDistribution.AppStore,
  // Token exchange (Shopify-managed install) instead of the OAuth redirect dance, and expiring
  // offline tokens (required for public apps from 2027-01-01).
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session }) => {
      await afterInstall(session.shop);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;

/** Grip's own Admin GraphQL client for a shop, on its offline session (refreshed when expiring). */
export function adminFor(shop: string): AdminGraphql {
  return createAdminClient({
    shop,
    fetch: config.GRIP_SHOPIFY_ENDPOINT ? standinFetch(config.GRIP_SHOPIFY_ENDPOINT) : undefined,
    accessToken: async () => (await shopify.unauthenticated.admin(shop)).session.accessToken!,
  });
}

setAdminFactory(adminFor);
