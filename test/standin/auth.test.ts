// Token exchange as the embedded app does it: a session token from App Bridge in, an access token
// out; forged, expired or foreign session tokens refused; expiring offline tokens that stop
// working after their hour and are renewed with rotating refresh tokens.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "./auth";
import { API_KEY, API_SECRET, OTHER_SHOP, SHOP, tinyDataset } from "./fixture";
import { exchangeToken, gqlCaller } from "./helpers";
import { startStandin, type Standin } from "./server";

const clock = { t: Date.parse("2026-12-03T12:00:00Z") };
let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({ datasets: [tinyDataset(), tinyDataset(OTHER_SHOP)], apiKey: API_KEY, apiSecret: API_SECRET, now: () => clock.t });
});
afterAll(async () => {
  await standin.close();
});

const shopName = async (token: string) => (await gqlCaller(standin, token)("{ shop { myshopifyDomain } }")).body;

describe("token exchange", () => {
  it("issues an expiring offline token with a refresh token, as Shopify answers", async () => {
    const res = await exchangeToken(standin, SHOP);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "scope"]);
    expect(body).toMatchObject({ expires_in: 3600, refresh_token_expires_in: 7_776_000 });
    expect(body.access_token).toMatch(/^shpat_[0-9a-f]{32}$/);
    expect(body.refresh_token).toMatch(/^shprt_[0-9a-f]{32}$/);
    expect(await shopName(body.access_token as string)).toMatchObject({ data: { shop: { myshopifyDomain: SHOP } } });
  });

  it("issues a non-expiring offline token when not asked for expiry, and an online token for the user", async () => {
    const plain = (await (await exchangeToken(standin, SHOP, { expiring: "0" })).json()) as Record<string, unknown>;
    expect(Object.keys(plain).sort()).toEqual(["access_token", "scope"]);
    const online = (await (await exchangeToken(standin, SHOP, { requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" })).json()) as Record<string, unknown>;
    expect(online.access_token).toMatch(/^shpua_/);
    expect(online).toMatchObject({ expires_in: 86_399, associated_user_scope: online.scope, associated_user: { id: 42, account_owner: true, locale: "en" } });
    expect(await shopName(online.access_token as string)).toMatchObject({ data: { shop: { myshopifyDomain: SHOP } } });
  });

  it("accepts a form-encoded request too", async () => {
    const res = await fetch(`${standin.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: API_KEY,
        client_secret: API_SECRET,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: standin.mintSessionToken(OTHER_SHOP),
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      }),
    });
    expect(res.status).toBe(200);
    const token = ((await res.json()) as { access_token: string }).access_token;
    // The token, not any header, says which shop it is for.
    const r = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Standin-Shop": SHOP },
      body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
    });
    expect(await r.json()).toMatchObject({ data: { shop: { myshopifyDomain: OTHER_SHOP } } });
  });

  it("refuses a session token signed with another secret", async () => {
    const res = await exchangeToken(standin, SHOP, { subject_token: standin.mintSessionToken(SHOP, { secret: "not-the-app-secret" }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_subject_token", error_description: "Subject token is invalid: signature verification failed." });
  });

  it("refuses an expired session token, one for another app, one for another shop", async () => {
    const expired = await exchangeToken(standin, SHOP, { subject_token: standin.mintSessionToken(SHOP, { expiresInSeconds: -60 }) });
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { error: string }).error).toBe("invalid_subject_token");

    const now = Math.floor(clock.t / 1000);
    const foreignApp = signJwt({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: "some-other-app", sub: "1", exp: now + 60, nbf: now, iat: now, jti: "x", sid: "y" }, API_SECRET);
    const wrongAud = await exchangeToken(standin, SHOP, { subject_token: foreignApp });
    expect(await wrongAud.json()).toEqual({ error: "invalid_subject_token", error_description: "Subject token is invalid: audience does not match the client id." });

    // A token for OTHER_SHOP sent to SHOP's endpoint.
    const crossShop = await exchangeToken(standin, SHOP, { subject_token: standin.mintSessionToken(OTHER_SHOP) });
    expect(crossShop.status).toBe(400);
    expect(((await crossShop.json()) as { error: string }).error).toBe("invalid_subject_token");

    const unknownShop = await exchangeToken(standin, "nowhere.myshopify.com");
    expect(unknownShop.status).toBe(404);
  });

  it("refuses the wrong client credentials", async () => {
    const res = await exchangeToken(standin, SHOP, { client_secret: "guess" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_client");
  });
});

describe("expiring offline tokens", () => {
  it("stop working after an hour and are renewed with a refresh token that rotates", async () => {
    const first = (await (await exchangeToken(standin, SHOP)).json()) as { access_token: string; refresh_token: string };
    expect(await shopName(first.access_token)).toHaveProperty("data");

    clock.t += 3600 * 1000;
    const gone = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": first.access_token }, body: JSON.stringify({ query: "{ shop { name } }" }) });
    expect(gone.status).toBe(401);
    expect(await gone.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

    const refresh = (token: string) =>
      fetch(`${standin.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client_id: API_KEY, client_secret: API_SECRET, grant_type: "refresh_token", refresh_token: token }),
      });
    const r1 = await refresh(first.refresh_token);
    expect(r1.status).toBe(200);
    const second = (await r1.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(second.expires_in).toBe(3600);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    // Until the new token is used, the old refresh token still works (a lost response is recoverable)...
    const retry = (await (await refresh(first.refresh_token)).json()) as { access_token: string };
    expect(await shopName(retry.access_token)).toHaveProperty("data");
    // ...and once the replacement is in use, it is retired.
    const dead = await refresh(first.refresh_token);
    expect(dead.status).toBe(400);
    expect(((await dead.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("are revoked when the app is uninstalled", async () => {
    const body = (await (await exchangeToken(standin, OTHER_SHOP)).json()) as { access_token: string };
    expect(await shopName(body.access_token)).toHaveProperty("data");
    await standin.uninstall(OTHER_SHOP);
    expect(await shopName(body.access_token)).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });
});

describe("access scopes", () => {
  const scoped = async (scopes: string, at = "2026-12-03T12:00:00Z") => {
    const s = await startStandin({
      datasets: [tinyDataset()],
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      bulkDelayMs: 5,
      now: () => Date.parse(at),
      appToml: `[access_scopes]\nscopes = "${scopes}"\n`,
    });
    const body = (await (await exchangeToken(s, SHOP)).json()) as { access_token: string; scope: string };
    return { s, scope: body.scope, gql: gqlCaller(s, body.access_token) };
  };

  it("grants the scopes of shopify.app.toml and refuses fields they do not cover, in Shopify's words", async () => {
    const { s, scope, gql } = await scoped("read_orders,read_all_orders");
    try {
      expect(scope).toBe("read_orders,read_all_orders");
      const r = await gql('{ order(id: "gid://shopify/Order/1001") { name customer { id } } }');
      expect(r.body.data).toEqual({ order: { name: "#1001", customer: null } });
      expect(r.body.errors).toEqual([
        {
          message: "Access denied for customer field. Required access: `read_customers` access scope.",
          locations: [{ line: 1, column: 48 }],
          path: ["order", "customer"],
          extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_customers` access scope." },
        },
      ]);
      // A bulk export that touches the customer fails with ACCESS_DENIED.
      const run = await gql('mutation { bulkOperationRunQuery(query: "{ orders { edges { node { id customer { id } } } } }") { bulkOperation { id } } }');
      const id = (run.body.data!.bulkOperationRunQuery as { bulkOperation: { id: string } }).bulkOperation.id;
      await s.bulkIdle();
      expect((await gql(`query Q($id: ID!) { bulkOperation(id: $id) { status errorCode } }`, { id })).body.data).toEqual({ bulkOperation: { status: "FAILED", errorCode: "ACCESS_DENIED" } });
    } finally {
      await s.close();
    }
  });

  it("hides everything from an app without read_orders", async () => {
    const { s, gql } = await scoped("read_products");
    try {
      const r = await gql("{ orders(first: 5) { nodes { id } } }");
      expect(r.body.data).toBeNull();
      expect(r.body.errors![0].message).toBe(
        "Access denied for orders field. Required access: `read_orders` access scope, `read_marketplace_orders` access scope or `read_quick_sale` access scope.",
      );
      expect((await gql('{ node(id: "gid://shopify/Refund/1") { id } }')).body.errors![0]).toMatchObject({ path: ["node"], extensions: { code: "ACCESS_DENIED" } });
    } finally {
      await s.close();
    }
  });

  it("shows only the last 60 days of orders without read_all_orders", async () => {
    // On 15 March 2011, 60 days back is 14 January: #1001 (5 January) is out of reach.
    const { s, gql } = await scoped("read_orders", "2011-03-15T00:00:00Z");
    try {
      const r = await gql('{ orders(first: 10, sortKey: CREATED_AT) { nodes { name } } order(id: "gid://shopify/Order/1001") { name } refund: node(id: "gid://shopify/Refund/1") { id } }');
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data).toEqual({ orders: { nodes: [{ name: "#1002" }, { name: "#1003" }, { name: "#1004" }, { name: "#1005" }] }, order: null, refund: null });
    } finally {
      await s.close();
    }
  });
});
