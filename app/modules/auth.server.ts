// Who is asking: the one place a route learns its shop.
//
// Normally (every GRIP_MODE) that is Shopify's embedded session-token path: `authenticate.admin`
// verifies the id_token / Authorization Bearer JWT with the app secret, exchanges it for an
// offline token on first use, and throws the redirect/401 responses Shopify's bounce flow needs.
//
// The demo opens the dashboard in a plain browser, outside Shopify's admin, where no session token
// exists. It gets the shop from GRIP_DEMO_SHOP instead, and only when ALL of these hold:
//   1. GRIP_MODE=demo (the env schema already refuses GRIP_DEMO_SHOP in any other mode);
//   2. GRIP_DEMO_SHOP is set;
//   3. the request carries no session token (one that does, e.g. the demo's own install request
//      with ?id_token=, always takes Shopify's path: verification, token exchange, afterAuth);
//   4. the HTTP server that received the request declared that it listens on a loopback address
//      only (bin/serve.ts does so after listen(), through DEMO_BOUND_ADDRESS_KEY below; a server
//      that does not declare it, e.g. remix-serve or any production host, never passes);
//   5. the request was addressed to a loopback host name (stops DNS-rebinding pages from reaching
//      the loopback server under their own name).
// Demo mode with GRIP_DEMO_SHOP but without 4 or 5 is refused (403), not silently downgraded to
// the embedded path, so a misconfigured deployment fails loudly.
import { env } from "../env.server";
import { authenticate } from "../shopify.server";

/** globalThis key under which the serving process records the address it is bound to. */
export const DEMO_BOUND_ADDRESS_KEY = Symbol.for("grip.server.boundAddress");

export interface ShopAuth {
  shop: string;
  /** "demo": GRIP_DEMO_SHOP on a loopback server; "session-token": Shopify's embedded auth. */
  via: "demo" | "session-token";
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (a === "::1" || a === "0:0:0:0:0:0:0:1") return true;
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function isLoopbackHostname(hostname: string): boolean {
  return hostname.toLowerCase() === "localhost" || isLoopbackAddress(hostname);
}

function boundAddress(): string | undefined {
  const value = (globalThis as Record<symbol, unknown>)[DEMO_BOUND_ADDRESS_KEY];
  return typeof value === "string" ? value : undefined;
}

/** Why the demo shortcut may not be used for this request, or null when it may. */
export function demoRefusal(request: Request): string | null {
  const bound = boundAddress();
  if (!bound) return "the server did not declare a loopback-only listen address";
  if (!isLoopbackAddress(bound)) return `the server listens on ${bound}, not a loopback address`;
  const hostname = new URL(request.url).hostname;
  if (!isLoopbackHostname(hostname)) return `the request is addressed to ${hostname}, not a loopback host`;
  return null;
}

/** A session token in the Authorization header or the id_token parameter (App Bridge's two ways). */
export function carriesSessionToken(request: Request): boolean {
  return sessionTokenOf(request) !== null;
}

/** The session token a request carries (Authorization: Bearer first, then ?id_token=), or null. */
function sessionTokenOf(request: Request): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return bearer?.[1] ?? new URL(request.url).searchParams.get("id_token");
}

// Remix runs the loaders of a page in parallel (routes/app.tsx and the page's own), so a merchant's
// first visit authenticates the same session token twice at the same moment. Each call would do
// its own token exchange, and only the first would wait for afterAuth (shopify-app-remix runs the
// hook once per token and lets the others return at once), so the page's loader could read the
// shop before afterAuth recorded it. So the loaders of one request (same URL, same token, same
// header/parameter form) share one authentication and its outcome; a thrown Response (bounce
// redirect, 401) is cloned for each caller, as Remix reads its body. Kept for 5 s after settling.
const inFlight = new Map<string, Promise<{ ok: ShopAuth } | { thrown: unknown }>>();
const SHARE_MS = 5_000;

async function authenticateWithShopify(request: Request): Promise<ShopAuth> {
  const token = sessionTokenOf(request);
  const attempt = () =>
    authenticate.admin(request).then(
      ({ session }) => ({ ok: { shop: session.shop, via: "session-token" as const } }),
      (thrown: unknown) => ({ thrown }),
    );
  if (!token) {
    const outcome = await attempt();
    if ("thrown" in outcome) throw outcome.thrown;
    return outcome.ok;
  }
  const key = `${request.headers.has("authorization") ? "bearer" : "param"} ${request.url} ${token}`;
  let shared = inFlight.get(key);
  if (!shared) {
    shared = attempt();
    inFlight.set(key, shared);
    void shared.then(() => setTimeout(() => inFlight.delete(key), SHARE_MS).unref());
  }
  const outcome = await shared;
  if ("thrown" in outcome) throw outcome.thrown instanceof Response ? outcome.thrown.clone() : outcome.thrown;
  return outcome.ok;
}

export async function requireShop(request: Request): Promise<ShopAuth> {
  const config = env();
  if (config.GRIP_MODE === "demo" && config.GRIP_DEMO_SHOP && !carriesSessionToken(request)) {
    const refusal = demoRefusal(request);
    if (refusal) {
      throw new Response(`Demo access refused: ${refusal}.`, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return { shop: config.GRIP_DEMO_SHOP, via: "demo" };
  }
  return authenticateWithShopify(request);
}
