// Wiring of the sync module to the running app (Prisma client, offline-session Admin client).
import { db } from "../../db.server";
import { afterInstall as afterInstallWith, shopContext } from "./install";
import type { WebhookDeps } from "./webhooks";
import type { AdminGraphql } from "../shopify/admin-client";
import { startReconcileSchedule } from "./reconcile";
import { startInventorySchedule } from "./inventory";

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
 * Starts, in this process (once; called by the server entry, never by the CLIs), the hourly
 * reconciliation of every installed shop (GRIP_RECONCILE_INTERVAL_MINUTES, 0 = off: for all app
 * instances but one, or when a cron runs `npm run sync -- --all --reconcile`) and the hourly
 * check that takes each shop's daily inventory snapshot (GRIP_INVENTORY_CHECK_MINUTES, 0 = off;
 * cron: `npm run sync -- --all --inventory`).
 */
export function startSyncSchedules(): void {
  if (scheduleStarted) return;
  scheduleStarted = true;
  const deps = { ...webhookDeps(), log: (m: string) => console.log(`[grip] ${m}`) };
  const reconcile = minutesFromEnv("GRIP_RECONCILE_INTERVAL_MINUTES");
  if (reconcile > 0) startReconcileSchedule(db(), deps, reconcile * 60_000);
  const inventory = minutesFromEnv("GRIP_INVENTORY_CHECK_MINUTES");
  if (inventory > 0) startInventorySchedule(db(), deps, inventory * 60_000);
}

function minutesFromEnv(name: string): number {
  const raw = process.env[name] ?? "60";
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`${name} must be a number of minutes >= 0, got ${JSON.stringify(raw)}`);
  }
  return minutes;
}
