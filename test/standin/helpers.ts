// Shared set-up for the stand-in's tests: a running stand-in, an access token got the way the app
// gets one (token exchange of a session token), and a GraphQL caller over real HTTP.

import { startStandin, type Standin, type StandinOptions } from "./server";
import { API_KEY, API_SECRET, SHOP, tinyDataset } from "./fixture";

export interface GqlResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; locations?: unknown; path?: unknown; extensions?: Record<string, unknown> }>;
    extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } }; search?: unknown };
  };
}

export async function exchangeToken(s: Standin, shop: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Standin-Shop": shop },
    body: JSON.stringify({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: s.mintSessionToken(shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
      ...extra,
    }),
  });
}

export async function offlineToken(s: Standin, shop = SHOP): Promise<string> {
  const res = await exchangeToken(s, shop);
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function gqlCaller(s: Standin, token: string, version = "2026-10") {
  return async (query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GqlResponse> => {
    const res = await fetch(`${s.url}/admin/api/${version}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as GqlResponse["body"] };
  };
}

export async function tinyStandin(extra: Partial<StandinOptions> = {}) {
  const standin = await startStandin({ datasets: [tinyDataset()], apiKey: API_KEY, apiSecret: API_SECRET, bulkDelayMs: 20, ...extra });
  const token = await offlineToken(standin);
  return { standin, token, gql: gqlCaller(standin, token) };
}

export const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id.split("/").pop());
