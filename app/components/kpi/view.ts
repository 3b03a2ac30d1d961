// The Sales & channels and Customers pages as the browser receives them: JSON-safe, exact
// figures as decimal strings next to their display text (formatted on the server for the
// merchant's locale), tables with the exact value of every cell (for sorting and CSV export).
// Presentation only: every figure comes from app/modules/metrics/pages.server.ts.
import { averageMinor, formatMinor, formatMoney, divideToDecimal } from "../../modules/money";
import type { CustomersPageData, SalesPageData } from "../../modules/metrics/pages.server";
import type { DayRange } from "../../modules/time";
import { formatCount, formatDay, formatPercentFraction, rateToScaled } from "../dashboard-view";

export type Tone = "good" | "bad" | "neutral";

export interface ChangeCell {
  label: string; // "vs previous period" / "vs last year"
  display: string | null; // "+20.0%" / "-3.1 pp"; null: no comparison exists
  exact: string | null;
  tone: Tone;
  comparedDisplay: string | null; // the comparison period's value
}

export interface TileView {
  id: string;
  label: string;
  value: string | null; // exact: "36.00", "3", "0.2500"; null = no data
  display: string; // the value, or what is shown instead ("No data")
  changes: ChangeCell[];
  spark: Array<{ key: string; value: number }>;
  help: string;
  helpHref: string;
}

export interface Column { key: string; label: string; numeric: boolean; definition?: string }
export interface Cell { display: string; exact: string }
export interface TableView { id: string; title: string; columns: Column[]; rows: Array<Record<string, Cell>>; empty: string; csvName: string }

export interface PageHeader {
  range: DayRange;
  rangeLabel: string;
  comparisonLabel: string;
}

export interface SalesPageView extends PageHeader {
  currency: string;
  locale: string;
  granularity: string;
  empty: boolean;
  tiles: TileView[];
  chart: Array<{ key: string; value: number }>;
  tables: TableView[];
  definitions: Array<{ id: string; text: string; href: string }>;
}

export interface CustomersPageView extends PageHeader {
  locale: string;
  granularity: string;
  empty: boolean;
  tiles: TileView[];
  chart: { newCustomers: Array<{ key: string; value: number }>; returningCustomers: Array<{ key: string; value: number }> };
  tables: TableView[];
  definitions: Array<{ id: string; text: string; href: string }>;
}

const NO_DATA = "No data";

function tone(delta: bigint, higherIsBetter: boolean): Tone {
  if (delta === 0n) return "neutral";
  return (delta > 0n) === higherIsBetter ? "good" : "bad";
}

/** Relative change of two exact amounts (minor units or counts); no percentage from zero. */
function relChange(label: string, cur: bigint | null, prev: bigint | null, prevDisplay: string | null, higherIsBetter: boolean, locale: string): ChangeCell {
  if (cur === null || prev === null || prev === 0n) return { label, display: null, exact: null, tone: "neutral", comparedDisplay: prevDisplay };
  const delta = cur - prev;
  const f = divideToDecimal(delta, prev < 0n ? -prev : prev, 4)!;
  return { label, display: formatPercentFraction(f, locale, 1, true), exact: f, tone: tone(delta, higherIsBetter), comparedDisplay: prevDisplay };
}

/** Change of a rate in percentage points. */
function pointsChange(label: string, cur: string | null, prev: string | null, higherIsBetter: boolean, locale: string): ChangeCell {
  const prevDisplay = prev === null ? null : formatPercentFraction(prev, locale, 2);
  if (cur === null || prev === null) return { label, display: null, exact: null, tone: "neutral", comparedDisplay: prevDisplay };
  const delta = rateToScaled(cur) - rateToScaled(prev);
  const points = divideToDecimal(delta * 100n, 1_000_000n, 1)!;
  const shown = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(points as unknown as number);
  return { label, display: `${shown} pp`, exact: points, tone: tone(delta, higherIsBetter), comparedDisplay: prevDisplay };
}

const money = (v: bigint, currency: string, locale: string): Cell => ({ display: formatMoney(v, currency, locale), exact: formatMinor(v, currency) });
const count = (n: number, locale: string): Cell => ({ display: formatCount(n, locale), exact: String(n) });
const rate = (r: string | null, locale: string): Cell => ({ display: r === null ? NO_DATA : formatPercentFraction(r, locale, 2), exact: r ?? "" });
const text = (s: string): Cell => ({ display: s, exact: s });

function header(range: DayRange, previous: DayRange, lastYear: DayRange, locale: string): PageHeader {
  const f = (d: string) => formatDay(d, locale);
  return {
    range,
    rangeLabel: `${f(range.from)} – ${f(range.to)}`,
    comparisonLabel: `compared with ${f(previous.from)} – ${f(previous.to)} (previous period) and ${f(lastYear.from)} – ${f(lastYear.to)} (last year)`,
  };
}

function defsList(defs: Record<string, { text: string; href: string }>) {
  return Object.entries(defs).map(([id, d]) => ({ id, ...d }));
}

export function toSalesPageView(data: SalesPageData, locale: string): SalesPageView {
  const r = data.report;
  const cur = r.currency;
  const defs = data.definitions;
  const c = r.current, p = r.previous, y = r.lastYear;
  const moneyTile = (id: string, key: "netSales" | "grossSales" | "returns" | "totalSales", label: string, def: string, higherIsBetter = true): TileView => ({
    id, label,
    value: formatMinor(c[key], cur),
    display: formatMoney(c[key], cur, locale),
    changes: [
      relChange("vs previous period", c[key], p[key], formatMoney(p[key], cur, locale), higherIsBetter, locale),
      relChange("vs last year", c[key], y[key], formatMoney(y[key], cur, locale), higherIsBetter, locale),
    ],
    spark: r.series.map((s) => ({ key: s.key, value: Number(formatMinor(s[key], cur)) })),
    help: defs[def].text, helpHref: defs[def].href,
  });
  const aovOf = (s: { grossSales: bigint; discounts: bigint; orders: number }) => averageMinor(s.grossSales - s.discounts, s.orders);
  const rc = data.returns.current, rp = data.returns.previous, ry = data.returns.lastYear;
  const tiles: TileView[] = [
    moneyTile("net_sales", "netSales", "Net sales", "net-sales"),
    moneyTile("gross_sales", "grossSales", "Gross sales", "gross-sales"),
    moneyTile("returns", "returns", "Returns", "returns", false),
    moneyTile("total_sales", "totalSales", "Total sales", "total-sales"),
    {
      id: "orders", label: "Orders", value: String(c.orders), display: formatCount(c.orders, locale),
      changes: [
        relChange("vs previous period", BigInt(c.orders), BigInt(p.orders), formatCount(p.orders, locale), true, locale),
        relChange("vs last year", BigInt(c.orders), BigInt(y.orders), formatCount(y.orders, locale), true, locale),
      ],
      spark: r.series.map((s) => ({ key: s.key, value: s.orders })),
      help: defs.orders.text, helpHref: defs.orders.href,
    },
    {
      id: "aov", label: "Average order value",
      value: c.averageOrderValue === null ? null : formatMinor(c.averageOrderValue, cur),
      display: c.averageOrderValue === null ? NO_DATA : formatMoney(c.averageOrderValue, cur, locale),
      changes: [
        relChange("vs previous period", c.averageOrderValue, p.averageOrderValue, p.averageOrderValue === null ? null : formatMoney(p.averageOrderValue, cur, locale), true, locale),
        relChange("vs last year", c.averageOrderValue, y.averageOrderValue, y.averageOrderValue === null ? null : formatMoney(y.averageOrderValue, cur, locale), true, locale),
      ],
      // Sparkline points only (plotting): a bucket without orders has no average, drawn as 0.
      spark: r.series.map((s) => ({ key: s.key, value: Number(formatMinor(aovOf(s) ?? 0n, cur)) })),
      help: defs.aov.text, helpHref: defs.aov.href,
    },
    {
      id: "return_rate", label: `Return rate (units, orders ≥ ${rc.windowDays} days old)`,
      value: rc.byUnits, display: rc.byUnits === null ? NO_DATA : formatPercentFraction(rc.byUnits, locale, 2),
      changes: [pointsChange("vs previous period", rc.byUnits, rp.byUnits, false, locale), pointsChange("vs last year", rc.byUnits, ry.byUnits, false, locale)],
      spark: [],
      help: defs["return-rate-ratios"].text, helpHref: defs["return-rate-ratios"].href,
    },
  ];
  const salesColumns: Column[] = [
    { key: "period", label: r.granularity === "day" ? "Day" : r.granularity === "week" ? "ISO week" : "Month", numeric: false, definition: "periods" },
    { key: "orders", label: "Orders", numeric: true, definition: "orders" },
    { key: "grossSales", label: "Gross sales", numeric: true, definition: "gross-sales" },
    { key: "discounts", label: "Discounts", numeric: true, definition: "discounts" },
    { key: "returns", label: "Returns", numeric: true, definition: "returns" },
    { key: "netSales", label: "Net sales", numeric: true, definition: "net-sales" },
    { key: "shipping", label: "Shipping", numeric: true, definition: "shipping" },
    { key: "taxes", label: "Taxes", numeric: true, definition: "taxes" },
    { key: "duties", label: "Duties", numeric: true, definition: "duties" },
    { key: "totalSales", label: "Total sales", numeric: true, definition: "total-sales" },
  ];
  const salesRow = (label: string, s: SalesPageData["report"]["current"] | SalesPageData["report"]["series"][number]): Record<string, Cell> => ({
    period: text(label), orders: count(s.orders, locale),
    grossSales: money(s.grossSales, cur, locale), discounts: money(s.discounts, cur, locale), returns: money(s.returns, cur, locale),
    netSales: money(s.netSales, cur, locale), shipping: money(s.shipping, cur, locale), taxes: money(s.taxes, cur, locale),
    duties: money(s.duties, cur, locale), totalSales: money(s.totalSales, cur, locale),
  });
  const tables: TableView[] = [
    {
      id: "sales-table", title: "Sales report", columns: salesColumns, empty: "No sales in this period", csvName: `sales-${r.range.from}-${r.range.to}-${r.granularity}.csv`,
      rows: r.series.map((s) => salesRow(r.granularity === "day" ? s.key : `${s.key} (${s.from} – ${s.to})`, s)),
    },
    {
      id: "channel-table", title: "Sales per channel", empty: "No sales in this period", csvName: `channels-${r.range.from}-${r.range.to}.csv`,
      columns: [
        { key: "channel", label: "Channel", numeric: false, definition: "sales-channel" }, { key: "orders", label: "Orders", numeric: true },
        { key: "grossSales", label: "Gross sales", numeric: true }, { key: "discounts", label: "Discounts", numeric: true },
        { key: "returns", label: "Returns", numeric: true }, { key: "netSales", label: "Net sales", numeric: true },
      ],
      rows: r.channels.map((ch) => ({
        channel: text(ch.channel), orders: count(ch.orders, locale), grossSales: money(ch.grossSales, cur, locale),
        discounts: money(ch.discounts, cur, locale), returns: money(ch.returns, cur, locale), netSales: money(ch.netSales, cur, locale),
      })),
    },
    {
      id: "product-table", title: "Sales per product", empty: "No sales in this period", csvName: `products-${r.range.from}-${r.range.to}.csv`,
      columns: [
        { key: "product", label: "Product (SKU)", numeric: false, definition: "sales-product" }, { key: "title", label: "Title", numeric: false },
        { key: "unitsSold", label: "Units sold", numeric: true }, { key: "grossSales", label: "Gross sales", numeric: true },
        { key: "discounts", label: "Discounts", numeric: true }, { key: "returns", label: "Returns", numeric: true }, { key: "netSales", label: "Net sales", numeric: true },
      ],
      rows: data.products.map((pr) => ({
        product: text(pr.key), title: text(pr.title), unitsSold: count(pr.unitsSold, locale), grossSales: money(pr.grossSales, cur, locale),
        discounts: money(pr.discounts, cur, locale), returns: money(pr.returns, cur, locale), netSales: money(pr.netSales, cur, locale),
      })),
    },
    {
      id: "return-table", title: `Return rate per product (orders up to ${formatDay(rc.matureThrough, locale)}, as of ${formatDay(rc.asOf, locale)})`,
      empty: "No orders old enough in this period", csvName: `return-rate-${r.range.from}-${r.range.to}.csv`,
      columns: [
        { key: "product", label: "Product (SKU)", numeric: false, definition: "return-rate" }, { key: "unitsSold", label: "Units sold", numeric: true },
        { key: "unitsReturned", label: "Units returned", numeric: true }, { key: "byUnits", label: "Return rate (units)", numeric: true },
        { key: "valueReturned", label: "Value returned", numeric: true }, { key: "byValue", label: "Return rate (value)", numeric: true },
      ],
      rows: rc.products.map((pr) => ({
        product: text(pr.key), unitsSold: count(pr.unitsSold, locale), unitsReturned: count(pr.unitsReturned, locale),
        byUnits: rate(pr.byUnits, locale), valueReturned: money(pr.valueReturned, cur, locale), byValue: rate(pr.byValue, locale),
      })),
    },
  ];
  return {
    ...header(r.range, r.previousRange, r.lastYearRange, locale),
    currency: cur, locale, granularity: r.granularity, empty: r.empty, tiles,
    chart: r.series.map((s) => ({ key: s.key, value: Number(formatMinor(s.netSales, cur)) })),
    tables, definitions: defsList(defs),
  };
}

export function toCustomersPageView(data: CustomersPageData, locale: string, granularity: string): CustomersPageView {
  const { current: c, previous: p, lastYear: y, definitions: defs } = data;
  const countTile = (id: string, key: "customers" | "newCustomers" | "returningCustomers" | "guestOrders", label: string, def: string, spark: Array<{ key: string; value: number }>): TileView => ({
    id, label, value: String(c[key]), display: formatCount(c[key], locale),
    changes: [
      relChange("vs previous period", BigInt(c[key]), BigInt(p[key]), formatCount(p[key], locale), true, locale),
      relChange("vs last year", BigInt(c[key]), BigInt(y[key]), formatCount(y[key], locale), true, locale),
    ],
    spark, help: defs[def].text, helpHref: defs[def].href,
  });
  const rateTile = (id: string, key: "returningCustomerRate" | "repeatPurchaseRate", label: string, def: string, spark: Array<{ key: string; value: number }>): TileView => ({
    id, label, value: c[key], display: c[key] === null ? NO_DATA : formatPercentFraction(c[key]!, locale, 2),
    changes: [pointsChange("vs previous period", c[key], p[key], true, locale), pointsChange("vs last year", c[key], y[key], true, locale)],
    spark, help: defs[def].text, helpHref: defs[def].href,
  });
  const s = data.series;
  const tiles: TileView[] = [
    countTile("customers", "customers", "Customers", "customers-in-range", s.map((x) => ({ key: x.key, value: x.customers }))),
    countTile("new_customers", "newCustomers", "New customers", "new-customers", s.map((x) => ({ key: x.key, value: x.newCustomers }))),
    countTile("returning_customers", "returningCustomers", "Returning customers", "new-customers", s.map((x) => ({ key: x.key, value: x.returningCustomers }))),
    rateTile("returning_customer_rate", "returningCustomerRate", "Returning customer rate", "returning-customer-rate", s.map((x) => ({ key: x.key, value: Number(x.returningCustomerRate ?? 0) }))),
    rateTile("repeat_purchase_rate", "repeatPurchaseRate", "Repeat purchase rate", "repeat-purchase-rate", []),
    {
      id: "days_to_second_order", label: "Median days to second order", value: c.medianDaysToSecondOrder,
      display: c.medianDaysToSecondOrder === null ? NO_DATA : `${c.medianDaysToSecondOrder} days (${formatCount(c.secondOrders, locale)} customer${c.secondOrders === 1 ? "" : "s"}, mean ${c.meanDaysToSecondOrder})`,
      changes: [], spark: [], help: defs["time-to-second-order"].text, helpHref: defs["time-to-second-order"].href,
    },
    countTile("guest_orders", "guestOrders", "Guest orders (not in the figures above)", "guest-orders", []),
  ];
  const maxK = Math.max(0, ...data.cohorts.map((co) => co.retention.length));
  const cohortCols: Column[] = [{ key: "month", label: "First order in", numeric: false, definition: "cohorts" }, { key: "customers", label: "Customers", numeric: true }];
  for (let k = 0; k < maxK; k++) cohortCols.push({ key: `r${k}`, label: `Month ${k}: active`, numeric: true });
  for (let k = 0; k < maxK; k++) cohortCols.push({ key: `n${k}`, label: `Month ${k}: net sales / customer`, numeric: true });
  const tables: TableView[] = [
    {
      id: "customers-table", title: "New and returning customers", empty: "No customers in this period", csvName: `customers-${data.range.from}-${data.range.to}-${granularity}.csv`,
      columns: [
        { key: "period", label: granularity === "day" ? "Day" : granularity === "week" ? "ISO week" : "Month", numeric: false, definition: "periods" },
        { key: "customers", label: "Customers", numeric: true }, { key: "newCustomers", label: "New", numeric: true },
        { key: "returningCustomers", label: "Returning", numeric: true }, { key: "returningCustomerRate", label: "Returning customer rate", numeric: true },
      ],
      rows: s.map((x) => ({
        period: text(granularity === "day" ? x.key : `${x.key} (${x.from} – ${x.to})`), customers: count(x.customers, locale), newCustomers: count(x.newCustomers, locale),
        returningCustomers: count(x.returningCustomers, locale), returningCustomerRate: rate(x.returningCustomerRate, locale),
      })),
    },
    {
      id: "cohort-table", title: "Monthly cohorts", empty: "No customers in this period", csvName: `cohorts-${data.range.from}-${data.range.to}.csv`,
      columns: cohortCols,
      rows: data.cohorts.map((co) => {
        const row: Record<string, Cell> = { month: text(co.month), customers: count(co.customers, locale) };
        for (let k = 0; k < maxK; k++) {
          const ret = k < co.retention.length ? co.retention[k] : undefined;
          const net = k < co.netSalesPerCustomer.length ? co.netSalesPerCustomer[k] : undefined;
          row[`r${k}`] = ret === undefined ? text("") : rate(ret, locale);
          row[`n${k}`] = net === undefined ? text("") : net === null ? { display: NO_DATA, exact: "" } : money(net, data.currency, locale);
        }
        return row;
      }),
    },
  ];
  return {
    ...header(data.range, data.previousRange, data.lastYearRange, locale),
    locale, granularity, empty: c.customers === 0 && c.guestOrders === 0, tiles,
    chart: { newCustomers: s.map((x) => ({ key: x.key, value: x.newCustomers })), returningCustomers: s.map((x) => ({ key: x.key, value: x.returningCustomers })) },
    tables, definitions: defsList(defs),
  };
}
