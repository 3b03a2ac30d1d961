// Token exchange against the stand-in, as Shopify's managed install does it: the session token
// the admin would give the embedded page, exchanged for an (expiring) offline access token.
import type { Standin } from "../standin/server";

export async function exchangeOfflineToken(standin: Standin, shop: string, apiKey: string, apiSecret: string, opts: { expiring?: boolean } = {}): Promise<string> {
  const res = await fetch(`${standin.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: apiKey,
      client_secret: apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: standin.mintSessionToken(shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      ...(opts.expiring ? { expiring: "1" } : {}),
    }),
  });
  if (!res.ok) throw new Error(`token exchange failed: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
