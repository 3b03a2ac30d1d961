// The one seam between Grip and "where Shopify is". In production every Admin API call goes to
// https://{shop}/admin/...; in tests and the demo, GRIP_SHOPIFY_ENDPOINT points at the local
// stand-in (test/standin), and this fetch rewrites those URLs. @shopify/shopify-api builds
// https://{shop}/admin URLs itself, so it gets this function through setAbstractFetchFunc;
// Grip's own graphql-request client gets it as its `fetch`.

const SHOP_ADMIN_URL = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(\/admin\/.*)$/;

export type FetchLike = typeof fetch;

export function standinFetch(endpoint: string, base: FetchLike = fetch): FetchLike {
  const target = endpoint.replace(/\/$/, "");
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const m = SHOP_ADMIN_URL.exec(url);
    if (!m) return base(input as RequestInfo, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Standin-Shop", m[1]);
    const rewritten = `${target}${m[2]}`;
    if (input instanceof Request) {
      return base(new Request(rewritten, { method: input.method, headers, body: init?.body ?? (await input.text()) }), init);
    }
    return base(rewritten, { ...init, headers });
  }) as FetchLike;
}

/** The Admin GraphQL URL of a shop (before the seam rewrites it). */
export function adminGraphqlUrl(shop: string, apiVersion: string): string {
  return `https://${shop}/admin/api/${apiVersion}/graphql.json`;
}
