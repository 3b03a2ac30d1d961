// The sales report for any range (docs/kpis.md#periods): totals for the range, the previous
// period of equal length and the same days last year, the changes, and a day/week/month series
// with zero-filled buckets. Everything is summed from salesDays, so the series adds up to the
// total exactly.
import type { PrismaClient } from "@prisma/client";
import type { DayRange } from "../time";
import { buckets, previousPeriod, relativeChange, samePeriodLastYear, type Granularity } from "./periods";
import { revenueByChannel, salesDays, salesSummary, sumDays } from "./sales";
import type { ChannelRevenue, SalesDay, SalesSummary } from "./types";

export interface SeriesPoint extends Omit<SalesDay, "day"> {
  key: string; // the day, "2026-W14" or "2026-04"
  from: string;
  to: string;
}

export const SALES_MONEY_KPIS = ["grossSales", "discounts", "returns", "netSales", "shipping", "taxes", "duties", "totalSales"] as const;
export type SalesMoneyKpi = (typeof SALES_MONEY_KPIS)[number];

export interface SalesReport {
  currency: string;
  range: DayRange;
  previousRange: DayRange;
  lastYearRange: DayRange;
  granularity: Granularity;
  current: SalesSummary;
  previous: SalesSummary;
  lastYear: SalesSummary;
  /** Relative changes as decimal fractions ("0.1250"); null when the comparison value is 0. */
  changes: Record<SalesMoneyKpi | "orders" | "averageOrderValue", { previous: string | null; lastYear: string | null }>;
  series: SeriesPoint[];
  channels: ChannelRevenue[];
  /** Nothing at all happened in the range (no orders, no refunds, no cancellations). */
  empty: boolean;
}

export function seriesOf(days: SalesDay[], range: DayRange, granularity: Granularity): SeriesPoint[] {
  // days are in order, one per day of the range: walk them once.
  let i = 0;
  return buckets(range, granularity).map((b) => {
    const inBucket: SalesDay[] = [];
    while (i < days.length && days[i].day <= b.to) {
      if (days[i].day >= b.from) inBucket.push(days[i]);
      i++;
    }
    return { key: b.key, from: b.from, to: b.to, ...sumDays(inBucket) };
  });
}

export async function salesReport(db: PrismaClient, shop: string, range: DayRange, granularity: Granularity = "day"): Promise<SalesReport> {
  const previousRange = previousPeriod(range);
  const lastYearRange = samePeriodLastYear(range);
  const days = await salesDays(db, shop, range);
  const [current, previous, lastYear, channels] = await Promise.all([
    salesSummary(db, shop, range, days), // the range's days are summed once, not read again
    salesSummary(db, shop, previousRange),
    salesSummary(db, shop, lastYearRange),
    revenueByChannel(db, shop, range),
  ]);
  const changes = {} as SalesReport["changes"];
  for (const k of SALES_MONEY_KPIS) changes[k] = { previous: relativeChange(current[k], previous[k]), lastYear: relativeChange(current[k], lastYear[k]) };
  changes.orders = { previous: relativeChange(BigInt(current.orders), BigInt(previous.orders)), lastYear: relativeChange(BigInt(current.orders), BigInt(lastYear.orders)) };
  changes.averageOrderValue = { previous: relativeChange(current.averageOrderValue, previous.averageOrderValue), lastYear: relativeChange(current.averageOrderValue, lastYear.averageOrderValue) };
  const empty = days.every((d) => d.orders === 0 && d.returns === 0n && d.shipping === 0n && d.taxes === 0n && d.duties === 0n);
  return { currency: current.currency, range, previousRange, lastYearRange, granularity, current, previous, lastYear, changes, series: seriesOf(days, range, granularity), channels, empty };
}
