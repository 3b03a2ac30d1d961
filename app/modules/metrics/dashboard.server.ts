// Everything the dashboard page shows, in one call (routes never compute KPIs themselves).
import type { PrismaClient } from "@prisma/client";
import { previousPeriod, type DayRange } from "../time";
import { BACKFILL_SOURCE } from "../sync/backfill";
import { dailySales, revenueByChannel, salesSummary } from "./sales";
import type { Dashboard } from "./types";

export async function getDashboard(db: PrismaClient, shop: string, range: DayRange): Promise<Dashboard> {
  const [current, previous, daily, channels, sync] = await Promise.all([
    salesSummary(db, shop, range),
    salesSummary(db, shop, previousPeriod(range)),
    dailySales(db, shop, range),
    revenueByChannel(db, shop, range),
    db.syncState.findUnique({ where: { shop_source: { shop, source: BACKFILL_SOURCE } } }),
  ]);
  return {
    current,
    previous,
    daily,
    channels,
    sync: sync
      ? { status: sync.status, lastSuccessAt: sync.lastSuccessAt, linesProcessed: sync.linesProcessed, objectsTotal: sync.objectsTotal, lastError: sync.lastError }
      : null,
  };
}

export { orderDayBounds } from "./sales";
