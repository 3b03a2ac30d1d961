// What both KPI pages read from the request: the shop, the locale, the date range (?from=&to=,
// defaulting to the 30 days ending on the latest day with orders; bad values reported, not
// thrown) and the series granularity (?g=day|week|month, default day; anything else: day).
import type { PrismaClient } from "@prisma/client";
import { anchorDay as findAnchorDay } from "../../routes/app._index/anchor-day.server";
import { readRange, type RangeProblem } from "../../routes/app._index/range";
import { defaultRange } from "../date-presets";
import { formatDay } from "../dashboard-view";
import { GRANULARITIES, type Granularity } from "../../modules/metrics/periods";
import type { DayRange } from "../../modules/time";

export interface PageRequest {
  range: DayRange;
  problems: RangeProblem[];
  granularity: Granularity;
  anchorDay: string;
  anchorLabel: string;
}

export async function readPageRequest(db: PrismaClient, shop: string, url: URL, localeTag: string): Promise<PageRequest | null> {
  const anchorDay = await findAnchorDay(db, shop);
  if (anchorDay === null) return null;
  const { range, problems } = readRange(url.searchParams, defaultRange(anchorDay));
  const g = url.searchParams.get("g");
  const granularity = (GRANULARITIES as readonly string[]).includes(g ?? "") ? (g as Granularity) : "day";
  return { range, problems, granularity, anchorDay, anchorLabel: formatDay(anchorDay, localeTag) };
}
