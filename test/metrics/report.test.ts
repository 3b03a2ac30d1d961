// Any range with its comparisons (previous period, same days last year) and zero-filled
// day/week/month series, on the Auckland shop of sales-shops.ts (figures from sales.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { formatMinor } from "../../app/modules/money";
import { buckets, isoWeek, relativeChange, samePeriodLastYear } from "../../app/modules/metrics/periods";
import { salesReport } from "../../app/modules/metrics/report";
import { freshDatabase } from "../helpers/db";
import { seedShop } from "./facts-builder";
import { AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS } from "./sales-shops";

let db: PrismaClient;
beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  await seedShop(db, AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS);
});
afterAll(async () => db?.$disconnect());

const d = (v: bigint) => formatMinor(v, "NZD");

describe("periods", () => {
  test("ISO weeks, including a 53-week year, and last year's 29 February", () => {
    // 2026 starts on a Thursday, so it has 53 ISO weeks: 2027-01-01 (a Friday) is in 2026-W53
    // (Python: date(2027,1,1).isocalendar() == (2026, 53, 5)).
    expect(isoWeek("2027-01-01")).toEqual({ monday: "2026-12-28", label: "2026-W53" });
    expect(isoWeek("2026-03-30")).toEqual({ monday: "2026-03-30", label: "2026-W14" });
    expect(isoWeek("2026-04-05")).toEqual({ monday: "2026-03-30", label: "2026-W14" });
    expect(samePeriodLastYear({ from: "2024-02-29", to: "2024-03-31" })).toEqual({ from: "2023-02-28", to: "2023-03-31" });
    // A range cut mid-week: the edge buckets hold only the range's days.
    expect(buckets({ from: "2026-04-04", to: "2026-04-07" }, "week")).toEqual([
      { key: "2026-W14", from: "2026-04-04", to: "2026-04-05" },
      { key: "2026-W15", from: "2026-04-06", to: "2026-04-07" },
    ]);
    expect(relativeChange(3600n, 3000n)).toBe("0.2000");
    expect(relativeChange(-100n, -200n)).toBe("0.5000"); // from -2.00 to -1.00: up by half of |−2.00|
    expect(relativeChange(5n, 0n)).toBeNull(); // no percentage from zero
  });
});

describe("salesReport", () => {
  test("a range compared with the previous period and the same days last year", async () => {
    const r = await salesReport(db, AUCKLAND.shop, { from: "2026-04-04", to: "2026-04-06" });
    expect([r.previousRange, r.lastYearRange]).toEqual([{ from: "2026-04-01", to: "2026-04-03" }, { from: "2025-04-04", to: "2025-04-06" }]);
    // Current: net 36.00, total 45.40, 3 orders (sales.test.ts). Previous: #6 only, 30.00 net and
    // total, 1 order. Last year: #5 only, 40.00, 1 order.
    expect([d(r.current.netSales), d(r.previous.netSales), d(r.lastYear.netSales)]).toEqual(["36.00", "30.00", "40.00"]);
    expect(r.changes.netSales).toEqual({ previous: "0.2000", lastYear: "-0.1000" }); // 6/30, −4/40
    expect(r.changes.totalSales).toEqual({ previous: "0.5133", lastYear: "0.1350" }); // 15.40/30 = 0.51333, 5.40/40 = 0.135
    expect(r.changes.orders).toEqual({ previous: "2.0000", lastYear: "2.0000" }); // 3 vs 1
    // Duties: 0 now, 0 before: no percentage exists, so null (never 0 % or NaN).
    expect(r.changes.duties).toEqual({ previous: null, lastYear: null });
    expect(r.empty).toBe(false);
  });

  test("weekly and monthly series add up, with empty buckets as zeros", async () => {
    const w = await salesReport(db, AUCKLAND.shop, { from: "2026-03-30", to: "2026-04-12" }, "week");
    // W14 (03-30..04-05): #6 30.00 + 04-04 45.00 + 04-05 51.00 = 126.00 net; totals 30 + 55.75
    // + 72.65 = 158.40; 3 orders. W15 (04-06..04-12): 04-06 only, -60.00 net, -83.00 total, 1 order.
    expect(w.series.map((p) => [p.key, p.from, p.to, p.orders, d(p.netSales), d(p.totalSales)])).toEqual([
      ["2026-W14", "2026-03-30", "2026-04-05", 3, "126.00", "158.40"],
      ["2026-W15", "2026-04-06", "2026-04-12", 1, "-60.00", "-83.00"],
    ]);
    expect(d(w.current.netSales)).toBe("66.00"); // 126 − 60
    const m = await salesReport(db, AUCKLAND.shop, { from: "2026-03-15", to: "2026-04-10" }, "month");
    expect(m.series.map((p) => [p.key, p.from, p.to, p.orders, d(p.netSales)])).toEqual([
      ["2026-03", "2026-03-15", "2026-03-31", 0, "0.00"],
      ["2026-04", "2026-04-01", "2026-04-10", 4, "66.00"],
    ]);
  });

  test("an empty range says so", async () => {
    const r = await salesReport(db, AUCKLAND.shop, { from: "2026-05-01", to: "2026-05-03" });
    expect(r.empty).toBe(true);
    expect([r.current.orders, r.current.averageOrderValue, r.series.length, r.changes.netSales, r.changes.averageOrderValue]).toEqual([0, null, 3, { previous: null, lastYear: null }, { previous: null, lastYear: null }]);
  });
});
