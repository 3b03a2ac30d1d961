// The dashboard as the page receives it: JSON-safe (money as exact decimal strings made by
// formatMinor, never floats) with display strings already formatted for the merchant's locale.
// This is presentation only: every figure comes from the metrics module's Dashboard; the one
// thing computed here is the change against the previous period, in exact bigint arithmetic.
import type { Dashboard, SalesSummary } from "../modules/metrics/types";
import { divideToDecimal, formatMinor, formatMoney } from "../modules/money";
import type { DayRange } from "../modules/time";

export type KpiId = "gross_sales" | "returns" | "net_sales" | "orders" | "aov" | "return_rate";

/** Increases that are good news (sales) vs bad news (returns). */
const HIGHER_IS_BETTER: Record<KpiId, boolean> = {
  gross_sales: true,
  returns: false,
  net_sales: true,
  orders: true,
  aov: true,
  return_rate: false,
};

export type ChangeView =
  | { kind: "change"; value: string; display: string; direction: "up" | "down" | "flat"; tone: "good" | "bad" | "neutral" }
  | { kind: "no-previous" } // nothing to compare with: the previous period had no orders
  | { kind: "previous-zero"; previousDisplay: string }; // previous value was 0: no percentage exists

export interface KpiView {
  id: KpiId;
  /** Exact value: decimal money string ("1234.50"), integer count ("12") or fraction ("0.0123"). */
  value: string | null; // null: undefined for this period (no orders to divide by)
  display: string | null;
  previousDisplay: string | null;
  /** "percent": relative change; "points": difference of two rates in percentage points. */
  changeUnit: "percent" | "points";
  change: ChangeView;
}

export interface ChannelView {
  channel: string;
  orders: number;
  ordersDisplay: string;
  grossSales: string;
  grossDisplay: string;
  netSales: string;
  netDisplay: string;
}

export interface DailyView {
  day: string;
  netSales: string; // exact decimal string in the shop currency
}

export interface SyncView {
  status: string; // idle | running | completed | failed
  linesProcessed: number;
  objectsTotal: number | null;
  linesDisplay: string;
  totalDisplay: string | null;
  /** 0–100 while a backfill with a known total runs, else null. */
  progress: number | null;
  lastSuccessAt: string | null; // ISO 8601
  lastSuccessDisplay: string | null;
  lastError: string | null;
}

export interface DashboardView {
  shop: string;
  currency: string;
  locale: string;
  range: DayRange;
  previousRange: DayRange;
  /** The four days above formatted for the locale (formatted on the server only, so hydration
   * never depends on the browser's ICU data agreeing with Node's). */
  rangeDisplay: { from: string; to: string; previousFrom: string; previousTo: string };
  hasOrders: boolean;
  kpis: KpiView[];
  channels: ChannelView[];
  daily: DailyView[];
  sync: SyncView | null;
}

const RATE_SCALE_DIGITS = 6;

/** "0.0123" -> 12300n at 10^6 scale (exact; rates from metrics are plain decimal strings). */
export function rateToScaled(rate: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) throw new Error(`not a decimal rate: ${JSON.stringify(rate)}`);
  const frac = (m[3] ?? "").padEnd(RATE_SCALE_DIGITS, "0").slice(0, RATE_SCALE_DIGITS);
  const scaled = BigInt(m[2]) * 10n ** BigInt(RATE_SCALE_DIGITS) + BigInt(frac || "0");
  return m[1] ? -scaled : scaled;
}

function direction(delta: bigint): "up" | "down" | "flat" {
  return delta > 0n ? "up" : delta < 0n ? "down" : "flat";
}

function toneFor(id: KpiId, dir: "up" | "down" | "flat"): "good" | "bad" | "neutral" {
  if (dir === "flat") return "neutral";
  return (dir === "up") === HIGHER_IS_BETTER[id] ? "good" : "bad";
}

export function formatPercentFraction(fraction: string, locale: string, digits: number, signed = false): string {
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(fraction as unknown as number);
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** Relative change of an exact quantity against the previous period's. */
function relativeChange(id: KpiId, current: bigint, previous: bigint, previousDisplay: string, locale: string): ChangeView {
  if (previous === 0n) return { kind: "previous-zero", previousDisplay };
  const delta = current - previous;
  const base = previous < 0n ? -previous : previous;
  const fraction = divideToDecimal(delta, base, 4)!; // 4 places = a percentage with 2 decimals
  const dir = direction(delta);
  return { kind: "change", value: fraction, display: formatPercentFraction(fraction, locale, 1, true), direction: dir, tone: toneFor(id, dir) };
}

function moneyKpi(id: KpiId, cur: bigint, prev: bigint, currency: string, locale: string, previousHasOrders: boolean): KpiView {
  const previousDisplay = formatMoney(prev, currency, locale);
  return {
    id,
    value: formatMinor(cur, currency),
    display: formatMoney(cur, currency, locale),
    previousDisplay,
    changeUnit: "percent",
    change: previousHasOrders || prev !== 0n ? relativeChange(id, cur, prev, previousDisplay, locale) : { kind: "no-previous" },
  };
}

function kpis(current: SalesSummary, previous: SalesSummary, locale: string): KpiView[] {
  const currency = current.currency;
  const prevHas = previous.orders > 0;
  const out: KpiView[] = [
    moneyKpi("gross_sales", current.grossSales, previous.grossSales, currency, locale, prevHas),
    moneyKpi("returns", current.returns, previous.returns, currency, locale, prevHas),
    moneyKpi("net_sales", current.netSales, previous.netSales, currency, locale, prevHas),
  ];

  const prevOrders = formatCount(previous.orders, locale);
  out.push({
    id: "orders",
    value: String(current.orders),
    display: formatCount(current.orders, locale),
    previousDisplay: prevOrders,
    changeUnit: "percent",
    change: prevHas ? relativeChange("orders", BigInt(current.orders), BigInt(previous.orders), prevOrders, locale) : { kind: "no-previous" },
  });

  const aov = current.averageOrderValue;
  const prevAov = previous.averageOrderValue;
  const prevAovDisplay = prevAov === null ? null : formatMoney(prevAov, currency, locale);
  out.push({
    id: "aov",
    value: aov === null ? null : formatMinor(aov, currency),
    display: aov === null ? null : formatMoney(aov, currency, locale),
    previousDisplay: prevAovDisplay,
    changeUnit: "percent",
    change: aov !== null && prevAov !== null ? relativeChange("aov", aov, prevAov, prevAovDisplay!, locale) : { kind: "no-previous" },
  });

  const rate = current.returnRate;
  const prevRate = previous.returnRate;
  let rateChange: ChangeView = { kind: "no-previous" };
  if (rate !== null && prevRate !== null) {
    // Difference in percentage points: (rate − prevRate) × 100, with one decimal.
    const delta = rateToScaled(rate) - rateToScaled(prevRate);
    const points = divideToDecimal(delta * 100n, 10n ** BigInt(RATE_SCALE_DIGITS), 1)!;
    const dir = direction(delta);
    const signed = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" })
      .format(points as unknown as number);
    rateChange = { kind: "change", value: points, display: signed, direction: dir, tone: toneFor("return_rate", dir) };
  }
  out.push({
    id: "return_rate",
    value: rate,
    display: rate === null ? null : formatPercentFraction(rate, locale, 2),
    previousDisplay: prevRate === null ? null : formatPercentFraction(prevRate, locale, 2),
    changeUnit: "points",
    change: rateChange,
  });
  return out;
}

function syncView(sync: Dashboard["sync"], locale: string): SyncView | null {
  if (!sync) return null;
  const running = sync.status === "running";
  const progress =
    running && sync.objectsTotal && sync.objectsTotal > 0
      ? Math.min(100, Math.floor((sync.linesProcessed * 100) / sync.objectsTotal))
      : null;
  const last = sync.lastSuccessAt ? new Date(sync.lastSuccessAt) : null;
  return {
    status: sync.status,
    linesProcessed: sync.linesProcessed,
    objectsTotal: sync.objectsTotal,
    linesDisplay: formatCount(sync.linesProcessed, locale),
    totalDisplay: sync.objectsTotal === null ? null : formatCount(sync.objectsTotal, locale),
    progress,
    lastSuccessAt: last ? last.toISOString() : null,
    lastSuccessDisplay: last
      ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(last) + " UTC"
      : null,
    lastError: sync.lastError,
  };
}

export function toDashboardView(dashboard: Dashboard, locale: string): DashboardView {
  const { current, previous } = dashboard;
  const currency = current.currency;
  return {
    shop: current.shop,
    currency,
    locale,
    range: current.range,
    previousRange: previous.range,
    rangeDisplay: {
      from: formatDay(current.range.from, locale),
      to: formatDay(current.range.to, locale),
      previousFrom: formatDay(previous.range.from, locale),
      previousTo: formatDay(previous.range.to, locale),
    },
    hasOrders: current.orders > 0,
    kpis: kpis(current, previous, locale),
    channels: dashboard.channels.map((c) => ({
      channel: c.channel,
      orders: c.orders,
      ordersDisplay: formatCount(c.orders, locale),
      grossSales: formatMinor(c.grossSales, currency),
      grossDisplay: formatMoney(c.grossSales, currency, locale),
      netSales: formatMinor(c.netSales, currency),
      netDisplay: formatMoney(c.netSales, currency, locale),
    })),
    daily: dashboard.daily.map((d) => ({ day: d.day, netSales: formatMinor(d.netSales, currency) })),
    sync: syncView(dashboard.sync, locale),
  };
}
