// The day the dashboard's default range and presets end on: the latest shop-local day with a
// (non-test) order, or the shop's today when it has none yet. A lookup, not a KPI: the metrics
// module answers it (orderDayBounds). null when Grip has not recorded the shop yet (afterAuth
// has not run or failed): the page then says so instead of failing.
import type { PrismaClient } from "@prisma/client";
import { orderDayBounds } from "../../modules/metrics/dashboard.server";
import { shopLocalDay } from "../../modules/time";

export async function anchorDay(db: PrismaClient, shop: string, now = new Date()): Promise<string | null> {
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  if (!shopRow) return null;
  const bounds = await orderDayBounds(db, shop);
  return bounds ? bounds.last : shopLocalDay(now, shopRow.ianaTimezone);
}
