// npm run kpis -- --shop SHOP --from YYYY-MM-DD --to YYYY-MM-DD
//                 [--kpi sales|customers|cohorts|return-rate] [--by channel|product]
//                 [--granularity day|week|month] [--as-of YYYY-MM-DD] [--window DAYS] [--json]
// KPIs from Grip's database (not from Shopify): amounts in the shop currency, as exact decimal
// strings in JSON. Without --kpi/--by it prints the first slice's summary (same JSON keys as
// before, with taxes, duties and total sales added). Definitions: docs/kpis.md.
import { createDb } from "../app/db.server";
import { revenueByChannel, salesByProduct, salesSummary } from "../app/modules/metrics/sales";
import { salesReport } from "../app/modules/metrics/report";
import { GRANULARITIES, type Granularity } from "../app/modules/metrics/periods";
import { customerCohorts, customerSummary } from "../app/modules/metrics/customers";
import { DEFAULT_RETURN_WINDOW_DAYS, returnRate } from "../app/modules/metrics/return-rate";
import { formatMinor, formatMoney } from "../app/modules/money";
import { isDay, parseDayRange, shopLocalDay } from "../app/modules/time";
import { databaseUrl, fail, parseArgs, requireExistingDb } from "./lib";

const KPIS = ["sales", "customers", "cohorts", "return-rate"] as const;
const BY = ["channel", "product"] as const;

const { args } = parseArgs(process.argv.slice(2), { values: ["shop", "from", "to", "kpi", "by", "granularity", "as-of", "window"], flags: ["json"] });
if (typeof args.shop !== "string") fail("--shop is required (e.g. --shop online-retail-demo.myshopify.com)");
let range;
try {
  range = parseDayRange(args.from, args.to);
} catch (err) {
  fail((err as Error).message.replace(/^(from|to):/, "--$1:"));
}
const kpi = args.kpi as string | undefined;
if (kpi !== undefined && !(KPIS as readonly string[]).includes(kpi)) fail(`--kpi: expected one of ${KPIS.join(", ")}, got ${JSON.stringify(kpi)}`);
const by = args.by as string | undefined;
if (by !== undefined && !(BY as readonly string[]).includes(by)) fail(`--by: expected one of ${BY.join(", ")} (category and campaign need the catalog and uploads), got ${JSON.stringify(by)}`);
const granularity = (args.granularity ?? "day") as Granularity;
if (!GRANULARITIES.includes(granularity)) fail(`--granularity: expected one of ${GRANULARITIES.join(", ")}, got ${JSON.stringify(args.granularity)}`);
if (args["as-of"] !== undefined && (typeof args["as-of"] !== "string" || !isDay(args["as-of"]))) fail(`--as-of: expected a day YYYY-MM-DD, got ${JSON.stringify(args["as-of"])}`);
const windowDays = args.window === undefined ? DEFAULT_RETURN_WINDOW_DAYS : Number(args.window);
if (!Number.isInteger(windowDays) || windowDays < 0) fail(`--window: expected a whole number of days ≥ 0, got ${JSON.stringify(args.window)}`);

const url = databaseUrl();
requireExistingDb(url);
const db = createDb(url);

/** JSON with every bigint (all of them money here) as an exact decimal string in the shop currency. */
function toJson(value: unknown, currency: string): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? formatMinor(v, currency) : v), 2);
}

/** Plain-text tables for people: scalars as "key value", arrays of rows as aligned columns. */
function printText(value: Record<string, unknown>, currency: string): void {
  const cell = (v: unknown): string =>
    v === null || v === undefined ? "n/a" : typeof v === "bigint" ? formatMoney(v, currency) : Array.isArray(v) ? v.map(cell).join(" | ") : typeof v === "object" ? toJson(v, currency) : String(v);
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === "object" && v[0] !== null && !Array.isArray(v[0])) {
      const rows = v as Array<Record<string, unknown>>;
      const cols = Object.keys(rows[0]);
      const cells = rows.map((r) => cols.map((c) => cell(r[c])));
      const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
      console.log(`\n${k}:`);
      console.log("  " + cols.map((c, i) => c.padEnd(widths[i])).join("  "));
      for (const r of cells) console.log("  " + r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  "));
    } else {
      console.log(`  ${k.padEnd(28)} ${cell(v)}`);
    }
  }
}

try {
  const shop = await db.shop.findUnique({ where: { domain: args.shop } });
  if (!shop) fail(`shop ${args.shop} is not in the database (installed shops: ${(await db.shop.findMany()).map((s) => s.domain).join(", ") || "none"})`);
  const currency = shop.currencyCode;
  const asOf = (args["as-of"] as string | undefined) ?? shopLocalDay(new Date(), shop.ianaTimezone);

  if (kpi === undefined && by === undefined) {
    const s = await salesSummary(db, args.shop, range);
    const m = (v: bigint | null) => (v === null ? null : formatMinor(v, s.currency));
    if (args.json) {
      console.log(JSON.stringify({
        shop: s.shop, currency: s.currency, from: range.from, to: range.to,
        orders: s.orders,
        gross_sales: m(s.grossSales),
        discounts: m(s.discounts),
        returns: m(s.returns),
        net_sales: m(s.netSales),
        shipping: m(s.shipping),
        average_order_value: m(s.averageOrderValue),
        units_sold: s.unitsSold,
        units_returned: s.unitsReturned,
        return_rate: s.returnRate,
        taxes: m(s.taxes),
        duties: m(s.duties),
        total_sales: m(s.totalSales),
      }, null, 2));
    } else {
      const money = (v: bigint | null) => (v === null ? "n/a (no orders)" : formatMoney(v, s.currency));
      const rows: Array<[string, string]> = [
        ["Orders", s.orders.toLocaleString("en-GB")],
        ["Gross sales", money(s.grossSales)],
        ["Discounts", money(s.discounts)],
        ["Returns", money(s.returns)],
        ["Net sales", money(s.netSales)],
        ["Shipping", money(s.shipping)],
        ["Taxes", money(s.taxes)],
        ["Duties", money(s.duties)],
        ["Total sales", money(s.totalSales)],
        ["Average order value", money(s.averageOrderValue)],
        ["Units sold", s.unitsSold.toLocaleString("en-GB")],
        ["Units returned", s.unitsReturned.toLocaleString("en-GB")],
        ["Return rate (units)", s.returnRate === null ? "n/a (no units sold)" : `${(Number(s.returnRate) * 100).toFixed(2)}%`],
      ];
      console.log(`${shop.name} (${s.shop}), ${range.from} to ${range.to}, ${s.currency}, time zone ${shop.ianaTimezone}`);
      for (const [k, v] of rows) console.log(`  ${k.padEnd(22)} ${v.padStart(18)}`);
    }
  } else {
    let out: Record<string, unknown>;
    const head = { shop: args.shop, currency, from: range.from, to: range.to };
    if (by === "channel") out = { ...head, by, rows: await revenueByChannel(db, args.shop, range) };
    else if (by === "product" && kpi === "return-rate") {
      const r = await returnRate(db, args.shop, range, { asOf, windowDays });
      out = { ...head, by, as_of: r.asOf, window_days: r.windowDays, mature_through: r.matureThrough, rows: r.products };
    } else if (by === "product") out = { ...head, by, rows: await salesByProduct(db, args.shop, range) };
    else if (kpi === "sales") {
      const r = await salesReport(db, args.shop, range, granularity);
      const kpiRows = (["orders", "grossSales", "discounts", "returns", "netSales", "shipping", "taxes", "duties", "totalSales", "averageOrderValue"] as const).map((k) => ({
        kpi: k, current: r.current[k], previous: r.previous[k], last_year: r.lastYear[k], change_previous: r.changes[k].previous, change_last_year: r.changes[k].lastYear,
      }));
      out = { ...head, granularity, empty: r.empty, previous_from: r.previousRange.from, previous_to: r.previousRange.to, last_year_from: r.lastYearRange.from, last_year_to: r.lastYearRange.to, kpis: kpiRows, series: r.series };
    } else if (kpi === "customers") {
      const { range: _r, shop: _s, currency: _c, ...c } = await customerSummary(db, args.shop, range);
      out = { ...head, ...c };
    }
    else if (kpi === "cohorts") out = { ...head, cohorts: await customerCohorts(db, args.shop, range) };
    else {
      const { products, range: _r, ...r } = await returnRate(db, args.shop, range, { asOf, windowDays });
      out = { ...head, ...r, products };
    }
    if (args.json) console.log(toJson(out, currency));
    else {
      console.log(`${shop.name} (${args.shop}), ${range.from} to ${range.to}, ${currency}, time zone ${shop.ianaTimezone}`);
      printText(out, currency);
    }
  }
} finally {
  await db.$disconnect();
}
