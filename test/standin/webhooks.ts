// Webhook delivery as Shopify does it for app-specific subscriptions declared in shopify.app.toml:
// one POST per matching subscription to the app URL + uri, the REST body, and the X-Shopify-*
// headers with an HMAC-SHA256 of the raw body keyed by the app's client secret.
// (https://shopify.dev/docs/apps/build/webhooks/delivery-structure)

import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";

export interface Subscription {
  topics: string[];
  uri: string;
  includeFields: string[] | null;
  filter: string | null;
}

export interface AppConfig {
  apiVersion: string;
  scopes: string;
  subscriptions: Subscription[];
}

export const DEFAULT_SCOPES = "read_orders,read_all_orders,read_products,read_customers";

/** `appToml` may be a path to shopify.app.toml or the TOML text itself. */
export function readAppConfig(appToml: string | undefined): AppConfig {
  if (!appToml) return { apiVersion: "2026-10", scopes: DEFAULT_SCOPES, subscriptions: [] };
  const text = /[\n[=]/.test(appToml) && !existsSync(appToml) ? appToml : readFileSync(appToml, "utf8");
  const doc = parseToml(text) as {
    webhooks?: { api_version?: string; subscriptions?: Array<{ topics?: string[]; compliance_topics?: string[]; uri?: string; include_fields?: string[]; filter?: string }> };
    access_scopes?: { scopes?: string };
  };
  const subscriptions: Subscription[] = [];
  for (const s of doc.webhooks?.subscriptions ?? []) {
    if (!s.uri) throw new Error("stand-in: a [[webhooks.subscriptions]] entry has no uri");
    const topics = [...(s.topics ?? []), ...(s.compliance_topics ?? [])];
    subscriptions.push({ topics, uri: s.uri, includeFields: s.include_fields ?? null, filter: s.filter ?? null });
  }
  return {
    apiVersion: doc.webhooks?.api_version ?? "2026-10",
    scopes: doc.access_scopes?.scopes?.replace(/\s+/g, "") || DEFAULT_SCOPES,
    subscriptions,
  };
}

export interface Delivery {
  shop: string;
  topic: string;
  url: string;
  status: number; // 0: no answer (refused, or slower than Shopify's 5 s)
  eventId: string;
  webhookId: string;
  triggeredAt: string;
  body: string;
  headers: Record<string, string>;
  ms: number;
}

/** `include_fields` trims the payload; "line_items.id" keeps one field of each nested object. */
function trim(body: unknown, fields: string[] | null): unknown {
  if (!fields || body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const src = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const nested = new Map<string, string[]>();
  for (const f of fields) {
    const [head, ...rest] = f.split(".");
    if (!(head in src)) continue;
    if (rest.length === 0) out[head] = src[head];
    else nested.set(head, [...(nested.get(head) ?? []), rest.join(".")]);
  }
  for (const [head, sub] of nested) {
    if (head in out) continue;
    const v = src[head];
    out[head] = Array.isArray(v) ? v.map((x) => trim(x, sub)) : trim(v, sub);
  }
  return out;
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly appUrl: string | undefined,
    private readonly secret: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  subscribed(topic: string): boolean {
    return this.config.subscriptions.some((s) => s.topics.includes(topic));
  }

  /** Deliver one event to every subscription for its topic; all deliveries share the event id. */
  async send(shop: string, topic: string, body: unknown, opts: { eventId?: string; webhookId?: string; triggeredAt?: string; secret?: string } = {}): Promise<Delivery[]> {
    const subs = this.config.subscriptions.filter((s) => s.topics.includes(topic));
    const eventId = opts.eventId ?? randomUUID();
    // The stand-in's clock, so trigger times line up with the updated_at it stamps on orders.
    const triggeredAt = opts.triggeredAt ?? new Date(this.now()).toISOString();
    const out: Delivery[] = [];
    for (const sub of subs) {
      const raw = JSON.stringify(trim(body, sub.includeFields));
      out.push(await this.post(shop, topic, sub.uri, raw, { eventId, triggeredAt, webhookId: opts.webhookId ?? randomUUID(), secret: opts.secret ?? this.secret }));
    }
    return out;
  }

  /** Shopify's retry of an earlier delivery: same body, event id and trigger time, new webhook id. */
  async redeliver(d: Delivery): Promise<Delivery> {
    const path = d.url.startsWith(this.appUrl ?? "\u0000") ? d.url.slice((this.appUrl ?? "").length) : d.url;
    return this.post(d.shop, d.topic, path, d.body, { eventId: d.eventId, triggeredAt: d.triggeredAt, webhookId: randomUUID(), secret: this.secret });
  }

  private async post(shop: string, topic: string, uri: string, raw: string, h: { eventId: string; triggeredAt: string; webhookId: string; secret: string }): Promise<Delivery> {
    const url = /^https?:\/\//.test(uri) ? uri : `${(this.appUrl ?? "").replace(/\/$/, "")}${uri.startsWith("/") ? uri : `/${uri}`}`;
    if (!/^https?:\/\//.test(url)) throw new Error(`stand-in: cannot deliver ${topic}: no appUrl for relative uri ${uri}`);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", h.secret).update(raw, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": this.config.apiVersion,
      "X-Shopify-Webhook-Id": h.webhookId,
      "X-Shopify-Event-Id": h.eventId,
      "X-Shopify-Triggered-At": h.triggeredAt,
    };
    const started = performance.now();
    let status = 0;
    try {
      // Shopify gives up after 5 seconds and counts it as a failed delivery.
      const res = await fetch(url, { method: "POST", headers, body: raw, redirect: "manual", signal: AbortSignal.timeout(5000) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    const d: Delivery = { shop, topic, url, status, eventId: h.eventId, webhookId: h.webhookId, triggeredAt: h.triggeredAt, body: raw, headers, ms: performance.now() - started };
    this.deliveries.push(d);
    return d;
  }
}
