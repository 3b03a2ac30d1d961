// `npm run kpis` (bin/kpis.ts) as a user runs it: a real process on a real SQLite file holding
// the Auckland shop of sales-shops.ts (figures from sales.test.ts, report.test.ts, return-rate.test.ts).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { seedShop } from "./facts-builder";
import { AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS } from "./sales-shops";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
let url: string;

beforeAll(async () => {
  ({ url } = await freshDatabase());
  const db = createDb(url);
  await seedShop(db, AUCKLAND, AUCKLAND_ORDERS, AUCKLAND_REFUNDS);
  await db.$disconnect();
});

async function kpis(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(path.join(root, "node_modules", ".bin", "tsx"), ["bin/kpis.ts", "--shop", AUCKLAND.shop, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run kpis", () => {
  test("the default JSON keeps the first slice's keys and adds taxes, duties and total sales", async () => {
    const r = await kpis("--from", "2026-04-04", "--to", "2026-04-06", "--json");
    expect(r.code).toBe(0);
    // Units sold 3 + 2 + 3 = 8 by order date; of those, refunded to date: 1 (r11) + 1 (r12) + 3
    // (r14) = 5 (the unmatured first-slice figure: cancellations and all): 5/8 = 0.625.
    expect(JSON.parse(r.stdout)).toEqual({
      shop: AUCKLAND.shop, currency: "NZD", from: "2026-04-04", to: "2026-04-06",
      orders: 3, gross_sales: "140.00", discounts: "5.00", returns: "99.00", net_sales: "36.00", shipping: "4.00",
      average_order_value: "45.00", units_sold: 8, units_returned: 5, return_rate: "0.6250",
      taxes: "5.40", duties: "0.00", total_sales: "45.40",
    });
  });

  test("--kpi sales --granularity week, and --kpi return-rate --by product", async () => {
    const r = await kpis("--from", "2026-03-30", "--to", "2026-04-12", "--kpi", "sales", "--granularity", "week", "--json");
    const out = JSON.parse(r.stdout);
    expect(out.series.map((p: { key: string; netSales: string; totalSales: string }) => [p.key, p.netSales, p.totalSales])).toEqual([["2026-W14", "126.00", "158.40"], ["2026-W15", "-60.00", "-83.00"]]);
    // Last year (2025-03-30..04-12) holds #5, 40.00: net 66 vs 40 = +0.65; the previous period is empty: null.
    expect(out.kpis.find((k: { kpi: string }) => k.kpi === "netSales")).toEqual({ kpi: "netSales", current: "66.00", previous: "0.00", last_year: "40.00", change_previous: null, change_last_year: "0.6500" });
    const rr = JSON.parse((await kpis("--from", "2026-04-01", "--to", "2026-04-06", "--kpi", "return-rate", "--by", "product", "--as-of", "2026-05-06", "--json")).stdout);
    expect(rr.rows.map((p: { key: string; byUnits: string }) => [p.key, p.byUnits])).toEqual([["MUG", "0.5000"], ["TEE", "0.0000"]]);
  });

  test("a bad option is named", async () => {
    const r = await kpis("--from", "2026-04-01", "--to", "2026-04-06", "--granularity", "year");
    expect([r.code, r.stderr.trim()]).toEqual([2, 'error: --granularity: expected one of day, week, month, got "year"']);
  });
});
