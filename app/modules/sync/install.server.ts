// Wiring of the sync module to the running app (Prisma client, offline-session Admin client).
import { db } from "../../db.server";
import { afterInstall as afterInstallWith, shopContext } from "./install";
import type { WebhookDeps } from "./webhooks";
import type { AdminGraphql } from "../shopify/admin-client";

let adminFactory: ((shop: string) => AdminGraphql) | undefined;

/** shopify.server registers how to build an Admin client (it owns the sessions). */
export function setAdminFactory(f: (shop: string) => AdminGraphql): void {
  adminFactory = f;
}

export function webhookDeps(): WebhookDeps {
  return {
    admin: (shop) => {
      if (!adminFactory) throw new Error("Admin client factory not registered (app/shopify.server.ts)");
      return adminFactory(shop);
    },
    shopContext: (shop) => shopContext(db(), shop),
  };
}

export async function afterInstall(shop: string): Promise<void> {
  await afterInstallWith(db(), webhookDeps(), shop);
}
