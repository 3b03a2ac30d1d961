// A stand-in shop and Grip's sync wired together in-process for the sync tests: a fresh SQLite
// file, an offline token from the stand-in's token exchange, Grip's own Admin client over real
// HTTP, and the WebhookDeps the app would use.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { createAdminClient, type AdminGraphql } from "../../app/modules/shopify/admin-client";
import { standinFetch } from "../../app/modules/shopify/endpoint";
import type { ShopContext } from "../../app/modules/sync/facts";
import { refreshShop, shopContext } from "../../app/modules/sync/install";
import type { WebhookDeps } from "../../app/modules/sync/webhooks";
import { freshDatabase } from "../helpers/db";
import type { Dataset } from "../standin/dataset";
import { startStandin, type Standin, type StandinOptions } from "../standin/server";

export interface Harness {
  standin: Standin;
  db: PrismaClient;
  dbUrl: string;
  admin: AdminGraphql;
  ctx: ShopContext;
  deps: WebhookDeps;
  accessToken: string;
  close(): Promise<void>;
}

const API_KEY = "grip-sync-harness-key";
const API_SECRET = "grip-sync-harness-secret";

/** The app's access scopes from shopify.app.toml, without its webhook subscriptions. */
function appScopesToml(): string {
  const toml = readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8");
  const scopes = /^scopes\s*=\s*"([^"]*)"/m.exec(toml)?.[1];
  if (!scopes) throw new Error("shopify.app.toml: no [access_scopes] scopes");
  return `[access_scopes]\nscopes = "${scopes}"\n`;
}

/**
 * The stand-in grants the app's real scopes (shopify.app.toml) but sends no webhooks unless the
 * caller passes appUrl and appToml: the sync tests drive changes with { silent: true }.
 */
export async function startHarness(dataset: Dataset, opts: Partial<StandinOptions> = {}): Promise<Harness> {
  const shop = dataset.shop.domain;
  const standin = await startStandin({ datasets: [dataset], apiKey: API_KEY, apiSecret: API_SECRET, bulkDelayMs: 10, appToml: appScopesToml(), ...opts });
  const res = await fetch(`${standin.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: API_KEY, client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: standin.mintSessionToken(shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  if (!res.ok) throw new Error(`token exchange failed: HTTP ${res.status} ${await res.text()}`);
  const accessToken = ((await res.json()) as { access_token: string }).access_token;
  const { url } = await freshDatabase();
  const db = createDb(url);
  const admin = createAdminClient({ shop, fetch: standinFetch(standin.url), accessToken: async () => accessToken });
  const ctx = await refreshShop(db, admin);
  const deps: WebhookDeps = { admin: () => admin, shopContext: (s) => shopContext(db, s) };
  return {
    standin, db, dbUrl: url, admin, ctx, deps, accessToken,
    async close() {
      await standin.close();
      await db.$disconnect();
    },
  };
}
