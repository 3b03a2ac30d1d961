// The dashboard's view model: exact strings from bigint money, changes against the previous
// period worked out by hand, and the "nothing to compare" cases.
import { describe, expect, test } from "vitest";
import type { Dashboard, SalesSummary } from "../modules/metrics/types";
import { rateToScaled, toDashboardView } from "./dashboard-view";
import { defaultRange, matchingPreset, presetRange } from "./date-presets";

function summary(over: Partial<SalesSummary>): SalesSummary {
  return {
    shop: "s.myshopify.com",
    currency: "EUR",
    range: { from: "2024-03-01", to: "2024-03-31" },
    orders: 0,
    grossSales: 0n,
    discounts: 0n,
    returns: 0n,
    cancellations: 0n,
    netSales: 0n,
    shipping: 0n,
    taxes: 0n,
    duties: 0n,
    totalSales: 0n,
    averageOrderValue: null,
    unitsSold: 0,
    unitsReturned: 0,
    returnRate: null,
    ...over,
  };
}

function dashboard(current: Partial<SalesSummary>, previous: Partial<SalesSummary>): Dashboard {
  return {
    current: summary(current),
    previous: summary({ range: { from: "2024-01-30", to: "2024-02-29" }, ...previous }),
    daily: [{ day: "2024-03-01", netSales: -1234n, grossSales: 0n, orders: 0, totalSales: -1234n }],
    channels: [{ channel: "Online Store", orders: 2, grossSales: 123456789n, discounts: 89n, returns: 0n, netSales: 123456700n }],
    sync: { status: "running", lastSuccessAt: null, linesProcessed: 250, objectsTotal: 1000, lastError: null },
  };
}

describe("toDashboardView", () => {
  test("money stays exact and is formatted for the locale", () => {
    const view = toDashboardView(
      dashboard({ orders: 2, grossSales: 123456789n, netSales: -1050n, averageOrderValue: 61728395n, returnRate: "0.0123" }, {}),
      "nl-NL",
    );
    const byId = Object.fromEntries(view.kpis.map((k) => [k.id, k]));
    expect(byId.gross_sales.value).toBe("1234567.89");
    expect(byId.gross_sales.display).toBe("€\u00a01.234.567,89");
    expect(byId.net_sales.value).toBe("-10.50");
    expect(byId.net_sales.display).toBe("€\u00a0-10,50");
    expect(byId.return_rate.display).toBe("1,23%");
    expect(view.daily).toEqual([{ day: "2024-03-01", netSales: "-12.34" }]);
    expect(view.channels[0]).toMatchObject({ grossSales: "1234567.89", netDisplay: "€\u00a01.234.567,00" });
    expect(view.sync).toMatchObject({ status: "running", progress: 25, linesDisplay: "250", totalDisplay: "1.000" });
    expect(view.rangeDisplay).toEqual({ from: "1 mrt 2024", to: "31 mrt 2024", previousFrom: "30 jan 2024", previousTo: "29 feb 2024" });
  });

  test("changes: relative for amounts and counts, percentage points for the return rate, tone by meaning", () => {
    const view = toDashboardView(
      dashboard(
        { orders: 3, grossSales: 30000n, returns: 1500n, netSales: 27000n, averageOrderValue: 10000n, returnRate: "0.0500" },
        { orders: 4, grossSales: 20000n, returns: 1000n, netSales: 18000n, averageOrderValue: 5000n, returnRate: "0.1250" },
      ),
      "en-GB",
    );
    const change = Object.fromEntries(view.kpis.map((k) => [k.id, k.change]));
    expect(change.gross_sales).toEqual({ kind: "change", value: "0.5000", display: "+50.0%", direction: "up", tone: "good" });
    expect(change.returns).toEqual({ kind: "change", value: "0.5000", display: "+50.0%", direction: "up", tone: "bad" });
    expect(change.orders).toEqual({ kind: "change", value: "-0.2500", display: "-25.0%", direction: "down", tone: "bad" });
    expect(change.aov).toMatchObject({ display: "+100.0%", tone: "good" });
    // 5.00 % − 12.50 % = −7.5 points; fewer returns is good news
    expect(change.return_rate).toEqual({ kind: "change", value: "-7.5", display: "-7.5", direction: "down", tone: "good" });
  });

  test("negative previous net sales: the change is measured against its size", () => {
    const view = toDashboardView(dashboard({ orders: 1, netSales: 500n }, { orders: 1, netSales: -1000n }), "en-GB");
    expect(view.kpis.find((k) => k.id === "net_sales")!.change).toMatchObject({ value: "1.5000", display: "+150.0%", direction: "up" });
  });

  test("an empty current period has no average and no rate; an empty previous one has nothing to compare", () => {
    const view = toDashboardView(dashboard({}, {}), "en-GB");
    expect(view.hasOrders).toBe(false);
    const byId = Object.fromEntries(view.kpis.map((k) => [k.id, k]));
    expect(byId.aov).toMatchObject({ value: null, display: null, change: { kind: "no-previous" } });
    expect(byId.return_rate).toMatchObject({ value: null, display: null, change: { kind: "no-previous" } });
    expect(byId.gross_sales).toMatchObject({ display: "€0.00", change: { kind: "no-previous" } });
  });

  test("previous value of zero with orders: no percentage, the previous value instead", () => {
    const view = toDashboardView(dashboard({ orders: 1, returns: 500n }, { orders: 2, returns: 0n }), "en-GB");
    expect(view.kpis.find((k) => k.id === "returns")!.change).toEqual({ kind: "previous-zero", previousDisplay: "€0.00" });
  });
});

describe("rates and presets", () => {
  test("rateToScaled is exact", () => {
    expect(rateToScaled("0.2857")).toBe(285700n);
    expect(rateToScaled("1")).toBe(1000000n);
    expect(() => rateToScaled("1e-3")).toThrow();
  });

  test("presets end on the anchor day", () => {
    expect(defaultRange("2011-12-09")).toEqual({ from: "2011-11-10", to: "2011-12-09" });
    expect(presetRange("last7", "2011-12-09")).toEqual({ from: "2011-12-03", to: "2011-12-09" });
    expect(presetRange("thisMonth", "2011-12-09")).toEqual({ from: "2011-12-01", to: "2011-12-09" });
    expect(presetRange("lastMonth", "2011-03-15")).toEqual({ from: "2011-02-01", to: "2011-02-28" });
    expect(presetRange("lastMonth", "2012-01-05")).toEqual({ from: "2011-12-01", to: "2011-12-31" });
    expect(presetRange("thisYear", "2011-12-09")).toEqual({ from: "2011-01-01", to: "2011-12-09" });
    expect(matchingPreset({ from: "2011-09-11", to: "2011-12-09" }, "2011-12-09")).toBe("last90");
    expect(matchingPreset({ from: "2011-09-12", to: "2011-12-09" }, "2011-12-09")).toBeNull();
  });
});
