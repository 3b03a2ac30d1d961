// Wiring of the sync module to the running app (Prisma client, offline-session Admin client).
import { db } from "../../db.server";
import { afterInstall as afterInstallWith, shopContext } from "./install";
import type { WebhookDeps } from "./webhooks";
import type { AdminGraphql } from "../shopify/admin-client";
import { startReconcileSchedule } from "./reconcile";

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

let scheduleStarted = false;

/**
 * Starts the hourly reconciliation of every installed shop in this process (once; called by the
 * server entry, never by the CLIs). GRIP_RECONCILE_INTERVAL_MINUTES overrides the hour; 0 turns
 * it off (for all app instances but one, or when a cron runs `npm run sync -- --all --reconcile`).
 */
export function startSyncSchedules(): void {
  if (scheduleStarted) return;
  scheduleStarted = true;
  const raw = process.env.GRIP_RECONCILE_INTERVAL_MINUTES ?? "60";
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`GRIP_RECONCILE_INTERVAL_MINUTES must be a number of minutes >= 0, got ${JSON.stringify(raw)}`);
  }
  if (minutes === 0) return;
  const deps = webhookDeps();
  startReconcileSchedule(db(), { ...deps, log: (m) => console.log(`[grip] ${m}`) }, minutes * 60_000);
}
