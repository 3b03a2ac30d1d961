// The Shopify stand-in: one HTTP server on 127.0.0.1 that plays one or more shops for the app's
// Admin GraphQL client, token exchange and webhook endpoints. See README-style notes in each
// module for which Shopify behaviour it reproduces and where that behaviour is documented.

import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphQLSchema } from "graphql";
import {
  ID_TOKEN_TYPE,
  JwtError,
  mintSessionToken as mintJwt,
  OFFLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TTL_SECONDS,
  peekDest,
  REFRESH_TOKEN_TTL_SECONDS,
  shopOfClaims,
  TOKEN_EXCHANGE_GRANT,
  TokenStore,
  verifySessionToken,
  type AccessToken,
} from "./auth";
import { BulkOperations } from "./bulk";
import { LeakyBucket, planLimits } from "./cost";
import type { Dataset, StandinOrder, StandinRefund, StandinVariant } from "./dataset";
import { runGraphQL, type GraphQLRequestBody } from "./graphql";
import { complianceBody, restOrder, restRefund, restShop } from "./rest";
import type { BulkOperationRecord } from "./resolvers";
import { adminSchema } from "./schema";
import { ShopStore } from "./store";
import { formatLocal, formatUtc } from "./tz";
import { readAppConfig, WebhookSender, type Delivery } from "./webhooks";

export type { StandinOrder, StandinRefund } from "./dataset";

export interface StandinOptions {
  datasets: Dataset[]; // one per shop, keyed by dataset.shop.domain
  apiKey: string; // the app's client id
  apiSecret: string; // client secret: HMAC, session-token signing, token exchange
  appUrl?: string; // where webhooks go, e.g. http://127.0.0.1:3000
  appToml?: string; // path to shopify.app.toml, or its text
  port?: number; // 0 = ephemeral (default)
  dataDir?: string; // where bulk JSONL files are written (default: a fresh temp dir, removed on close)
  bulkDelayMs?: number; // how long an operation stays CREATED/RUNNING at least (default 50)
  accessTokenTtlSeconds?: number; // expiring offline tokens: 3600 like Shopify
  /** Additions beyond the contract: */
  now?: () => number; // the stand-in's clock (ms), for token expiry and updatedAt bumps
  rateLimit?: { maximumAvailable?: number; restoreRate?: number }; // default from the shop's plan
}

export interface RequestLogEntry {
  shop: string;
  operationName?: string;
  cost: number; // requested query cost
  actualCost: number;
  status: number; // HTTP status
  throttled: boolean;
  deprecated?: string[]; // deprecated fields the request selected ("ShopPlan.displayName")
}

export interface Standin {
  url: string;
  close(): Promise<void>;
  mintSessionToken(shop: string, opts?: { userId?: string; expiresInSeconds?: number; secret?: string }): string;
  sendWebhook(shop: string, topic: string, body: unknown, opts?: { eventId?: string; webhookId?: string; triggeredAt?: string; secret?: string }): Promise<{ status: number; eventId: string; ms: number }>;
  createOrder(shop: string, order: StandinOrder, opts?: { silent?: boolean }): Promise<void>;
  updateOrder(shop: string, orderId: string, mutate: (o: StandinOrder) => void, opts?: { silent?: boolean }): Promise<void>;
  addRefund(shop: string, orderId: string, refund: StandinRefund, opts?: { silent?: boolean }): Promise<void>;
  /**
   * Changes a variant (price, SKU, unitCost of its inventory item) and stamps variant and product
   * updatedAt. Sends no webhook yet: the REST bodies of products/update and
   * inventory_items/update are not modelled.
   */
  updateVariant(shop: string, variantId: string, mutate: (v: StandinVariant) => void): void;
  restOrder(shop: string, orderId: string): Record<string, unknown>;
  dataset(shop: string): Dataset;
  requests: RequestLogEntry[];
  /** Additions beyond the contract: */
  deliveries: Delivery[]; // every webhook POST, in order
  redeliver(eventId: string): Promise<{ status: number; eventId: string; webhookId: string }>; // Shopify's retry: same event id, new webhook id
  uninstall(shop: string): Promise<void>; // revokes the shop's tokens and sends app/uninstalled
  restShop(shop: string): Record<string, unknown>;
  complianceBody(shop: string, topic: "customers/data_request" | "customers/redact" | "shop/redact", customerId?: string): Record<string, unknown>;
  bulkIdle(): Promise<void>; // resolves when every bulk operation started so far has finished
}

/** Stable versions served on 2026-12-03, plus the release candidate and unstable. */
const SERVED_VERSIONS = ["2026-01", "2026-04", "2026-07", "2026-10", "2027-01", "unstable"];
const OLDEST_SUPPORTED = "2026-01";
const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const NOT_FOUND = { errors: "Not Found" };

interface Shop {
  store: ShopStore;
  bucket: LeakyBucket;
  bulk: BulkOperations;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "X-Request-Id": randomUUID(), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Shopify answers versions that fell out of support with the oldest supported one. */
function resolveVersion(v: string): string | null {
  if (SERVED_VERSIONS.includes(v)) return v;
  const m = /^(\d{4})-(01|04|07|10)$/.exec(v);
  if (m && v < OLDEST_SUPPORTED && +m[1] >= 2019) return OLDEST_SUPPORTED;
  return null;
}

export async function startStandin(opts: StandinOptions): Promise<Standin> {
  const now = opts.now ?? (() => Date.now());
  const schema: GraphQLSchema = adminSchema();
  const config = readAppConfig(opts.appToml);
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "standin-bulk-")));
  await mkdir(dataDir, { recursive: true });
  const tokens = new TokenStore(now);
  const webhooks = new WebhookSender(config, opts.appUrl, opts.apiSecret, now);
  const ttl = opts.accessTokenTtlSeconds ?? 3600;
  const requests: RequestLogEntry[] = [];
  let baseUrl = "";

  const shops = new Map<string, Shop>();
  for (const data of opts.datasets) {
    const store = new ShopStore(data);
    const limits = { ...planLimits(data.shop.plan), ...opts.rateLimit };
    const shop: Shop = {
      store,
      bucket: new LeakyBucket(limits.maximumAvailable, limits.restoreRate, now),
      bulk: new BulkOperations({
        schema,
        store,
        dataDir,
        baseUrl: () => baseUrl,
        delayMs: opts.bulkDelayMs ?? 50,
        now,
        onFinish: (op) => bulkFinished(data.shop.domain, op),
      }),
    };
    if (shops.has(data.shop.domain)) throw new Error(`stand-in: two datasets for ${data.shop.domain}`);
    shops.set(data.shop.domain, shop);
  }

  function shopOrThrow(domain: string): Shop {
    const s = shops.get(domain);
    if (!s) throw new Error(`stand-in: no dataset for shop ${domain}`);
    return s;
  }

  async function bulkFinished(domain: string, op: BulkOperationRecord): Promise<void> {
    if (!webhooks.subscribed("bulk_operations/finish")) return;
    const tz = shopOrThrow(domain).store.data.shop.ianaTimezone;
    const local = (iso: string | null) => (iso ? formatLocal(Date.parse(iso), tz) : null);
    await webhooks.send(domain, "bulk_operations/finish", {
      admin_graphql_api_id: op.id,
      completed_at: local(op.completedAt),
      created_at: local(op.createdAt),
      error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
      status: op.status.toLowerCase(),
      type: op.type.toLowerCase(),
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, version: string): Promise<void> {
    const served = resolveVersion(version);
    if (!served) return sendJson(res, 404, NOT_FOUND);
    const headerShop = String(req.headers["x-standin-shop"] ?? "");
    const token: AccessToken | null = tokens.lookup(req.headers["x-shopify-access-token"] as string | undefined);
    const raw = await readBody(req);
    if (!token || !shops.has(token.shop)) {
      requests.push({ shop: token?.shop ?? headerShop, cost: 0, actualCost: 0, status: 401, throttled: false });
      return sendJson(res, 401, UNAUTHORIZED);
    }
    const shop = shopOrThrow(token.shop);
    let body: GraphQLRequestBody;
    if (String(req.headers["content-type"] ?? "").startsWith("application/graphql")) body = { query: raw };
    else {
      try {
        body = JSON.parse(raw) as GraphQLRequestBody;
      } catch {
        requests.push({ shop: token.shop, cost: 0, actualCost: 0, status: 400, throttled: false });
        return sendJson(res, 400, { errors: "Invalid JSON in request body" });
      }
    }
    const out = runGraphQL(schema, shop.store, shop.bulk, shop.bucket, body, { scopes: new Set(token.scope.split(",")), now: now() });
    requests.push({ shop: token.shop, operationName: out.operationName, cost: out.requestedCost, actualCost: out.actualCost, status: out.status, throttled: out.throttled, deprecated: out.deprecated ?? [] });
    const headers: Record<string, string> = { "X-Shopify-API-Version": served };
    // Shopify marks responses to requests that use deprecated fields.
    if (out.deprecated?.length) headers["X-Shopify-API-Deprecated-Reason"] = "https://shopify.dev/api/usage/versioning#deprecation-practices";
    sendJson(res, out.status, out.body, headers);
  }

  async function handleAccessToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let p: Record<string, string>;
    if (String(req.headers["content-type"] ?? "").includes("json")) {
      try {
        p = JSON.parse(raw) as Record<string, string>;
      } catch {
        return sendJson(res, 400, { error: "invalid_request", error_description: "The request body is not valid JSON." });
      }
    } else p = Object.fromEntries(new URLSearchParams(raw));
    const headerShop = req.headers["x-standin-shop"] ? String(req.headers["x-standin-shop"]) : null;

    if (p.client_id !== opts.apiKey || p.client_secret !== opts.apiSecret) {
      return sendJson(res, 401, { error: "invalid_client", error_description: "Client authentication failed: unknown client_id or wrong client_secret." });
    }
    const ttlFor = (online: boolean) => (online ? ONLINE_TOKEN_TTL_SECONDS : ttl);

    if (p.grant_type === "refresh_token") {
      const rt = tokens.redeem(p.refresh_token ?? "");
      if (!rt || (headerShop && rt.shop !== headerShop)) {
        return sendJson(res, 400, { error: "invalid_grant", error_description: "The refresh token is invalid, expired or revoked." });
      }
      const at = tokens.issue(rt.shop, { online: false, expiring: true, userId: null, scope: rt.scope, ttlSeconds: ttl, predecessor: rt });
      return sendJson(res, 200, {
        access_token: at.token,
        expires_in: ttl,
        refresh_token: at.refreshToken!.token,
        refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
        scope: at.scope,
      });
    }
    if (p.grant_type !== TOKEN_EXCHANGE_GRANT) {
      return sendJson(res, 400, { error: "unsupported_grant_type", error_description: `Unsupported grant_type: ${p.grant_type ?? "(none)"}.` });
    }
    if (p.subject_token_type !== ID_TOKEN_TYPE) {
      return sendJson(res, 400, { error: "invalid_request", error_description: `Unsupported subject_token_type: ${p.subject_token_type ?? "(none)"}.` });
    }
    const requested = p.requested_token_type ?? OFFLINE_TOKEN_TYPE;
    if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
      return sendJson(res, 400, { error: "invalid_request", error_description: `Unsupported requested_token_type: ${requested}.` });
    }
    const claimedShop = peekDest(p.subject_token ?? "") ?? headerShop;
    if (claimedShop && !shops.has(claimedShop)) return sendJson(res, 404, NOT_FOUND);
    let shop: string;
    let userId: string;
    try {
      const claims = verifySessionToken(p.subject_token ?? "", opts.apiKey, opts.apiSecret, now());
      shop = shopOfClaims(claims);
      userId = claims.sub;
    } catch (e) {
      if (!(e instanceof JwtError)) throw e;
      return sendJson(res, 400, { error: "invalid_subject_token", error_description: `Subject token is invalid: ${e.message}.` });
    }
    // The request goes to https://{shop}/admin/oauth/access_token: the token must be for that shop.
    if (headerShop && headerShop !== shop) {
      return sendJson(res, 400, { error: "invalid_subject_token", error_description: "Subject token is for a different shop." });
    }
    const online = requested === ONLINE_TOKEN_TYPE;
    const expiring = !online && (p.expiring === "1" || String(p.expiring) === "true");
    const at = tokens.issue(shop, { online, expiring, userId: online ? userId : null, scope: config.scopes, ttlSeconds: ttlFor(online) });
    if (online) {
      return sendJson(res, 200, {
        access_token: at.token,
        scope: at.scope,
        expires_in: ONLINE_TOKEN_TTL_SECONDS,
        associated_user_scope: at.scope,
        associated_user: {
          id: Number(userId) || userId,
          first_name: "Staff",
          last_name: `User ${userId}`,
          email: `staff-${userId}@${shop}`,
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      });
    }
    if (expiring) {
      return sendJson(res, 200, {
        access_token: at.token,
        expires_in: ttl,
        refresh_token: at.refreshToken!.token,
        refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
        scope: at.scope,
      });
    }
    return sendJson(res, 200, { access_token: at.token, scope: at.scope });
  }

  function handleBulkFile(res: ServerResponse, path: string): void {
    for (const s of shops.values()) {
      const file = s.bulk.fileFor(path);
      if (!file) continue;
      const name = path.split("/").pop()!.replace(/-[0-9a-f]+\.jsonl$/, ".jsonl");
      res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Disposition": `attachment; filename="bulk-${name}"` });
      createReadStream(file).pipe(res);
      return;
    }
    sendJson(res, 404, NOT_FOUND);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    const work = (async () => {
      if (req.method === "POST" && gql) return handleGraphQL(req, res, gql[1]);
      if (req.method === "POST" && url.pathname === "/admin/oauth/access_token") return handleAccessToken(req, res);
      if (req.method === "GET" && url.pathname.startsWith("/standin/bulk/")) return handleBulkFile(res, url.pathname);
      req.resume();
      sendJson(res, 404, NOT_FOUND);
    })();
    work.catch((e: unknown) => {
      console.error("stand-in: request failed:", e);
      if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
      else res.destroy();
    });
  });
  // A busy port must fail loudly (EADDRINUSE), not leave the caller waiting for ever.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // ---- mutations of the shops' truth ------------------------------------------------------------------

  /** Shopify's updated_at has whole seconds; each change moves it forward at least one. */
  function bump(o: StandinOrder): void {
    const prev = Date.parse(o.updatedAt);
    const next = Math.max(Math.floor(now() / 1000) * 1000, Number.isNaN(prev) ? 0 : prev + 1000);
    o.updatedAt = formatUtc(next);
  }

  async function deliver(shop: string, topic: string, body: unknown, silent: boolean | undefined): Promise<void> {
    if (silent || !webhooks.subscribed(topic)) return;
    await webhooks.send(shop, topic, body);
  }

  function orderOrThrow(s: Shop, orderId: string): StandinOrder {
    const o = s.store.order(orderId);
    if (!o) throw new Error(`stand-in: no order ${orderId} in ${s.store.domain}`);
    return o;
  }

  const standin: Standin = {
    url: baseUrl,
    requests,
    deliveries: webhooks.deliveries,

    async close() {
      await Promise.all([...shops.values()].map((s) => s.bulk.idle()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },

    mintSessionToken(shop, o = {}) {
      return mintJwt(shop, opts.apiKey, o.secret ?? opts.apiSecret, now(), o);
    },

    async sendWebhook(shop, topic, body, o = {}) {
      if (!webhooks.subscribed(topic)) throw new Error(`stand-in: the app does not subscribe to ${topic} (shopify.app.toml)`);
      const [first] = await webhooks.send(shop, topic, body, o);
      return { status: first.status, eventId: first.eventId, ms: first.ms };
    },

    async redeliver(eventId) {
      const original = webhooks.deliveries.find((d) => d.eventId === eventId);
      if (!original) throw new Error(`stand-in: no delivery with event id ${eventId}`);
      const d = await webhooks.redeliver(original);
      return { status: d.status, eventId: d.eventId, webhookId: d.webhookId };
    },

    async createOrder(shop, order, o = {}) {
      const s = shopOrThrow(shop);
      bump(order);
      s.store.addOrder(order);
      await deliver(shop, "orders/create", restOrder(s.store, order), o.silent);
      if (s.store.orderTotals(order).financialStatus === "PAID") await deliver(shop, "orders/paid", restOrder(s.store, order), o.silent);
    },

    async updateOrder(shop, orderId, mutate, o = {}) {
      const s = shopOrThrow(shop);
      const order = orderOrThrow(s, orderId);
      const wasCancelled = order.cancelledAt !== null;
      mutate(order);
      if (order.id !== orderId) throw new Error("stand-in: updateOrder must not change the order id");
      bump(order);
      s.store.orderChanged(order);
      if (!wasCancelled && order.cancelledAt !== null) await deliver(shop, "orders/cancelled", restOrder(s.store, order), o.silent);
      await deliver(shop, "orders/updated", restOrder(s.store, order), o.silent);
    },

    async addRefund(shop, orderId, refund, o = {}) {
      const s = shopOrThrow(shop);
      const order = orderOrThrow(s, orderId);
      for (const rli of refund.refundLineItems) {
        if (!order.lineItems.some((li) => li.id === rli.lineItemId)) throw new Error(`stand-in: refund line ${rli.id} is for line item ${rli.lineItemId}, not in ${orderId}`);
      }
      order.refunds.push(refund);
      bump(order);
      s.store.orderChanged(order);
      await deliver(shop, "refunds/create", restRefund(s.store, order, refund), o.silent);
      await deliver(shop, "orders/updated", restOrder(s.store, order), o.silent);
    },

    updateVariant(shop, variantId, mutate) {
      const s = shopOrThrow(shop);
      const found = s.store.variant(variantId);
      if (!found) throw new Error(`stand-in: no variant ${variantId} in ${shop}`);
      mutate(found.variant);
      if (found.variant.id !== variantId) throw new Error("stand-in: updateVariant must not change the variant id");
      const stamp = (prevIso: string) => formatUtc(Math.max(Math.floor(now() / 1000) * 1000, Date.parse(prevIso) + 1000));
      found.variant.updatedAt = stamp(found.variant.updatedAt);
      found.product.updatedAt = stamp(found.product.updatedAt);
    },

    restOrder(shop, orderId) {
      const s = shopOrThrow(shop);
      return restOrder(s.store, orderOrThrow(s, orderId));
    },

    dataset(shop) {
      return shopOrThrow(shop).store.data;
    },

    async uninstall(shop) {
      const s = shopOrThrow(shop);
      tokens.revokeShop(shop);
      await deliver(shop, "app/uninstalled", restShop(s.store), false);
    },

    restShop(shop) {
      return restShop(shopOrThrow(shop).store);
    },

    complianceBody(shop, topic, customerId) {
      return complianceBody(shopOrThrow(shop).store, topic, customerId);
    },

    async bulkIdle() {
      await Promise.all([...shops.values()].map((s) => s.bulk.idle()));
    },
  };
  return standin;
}
