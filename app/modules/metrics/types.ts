// Shapes the metrics module returns. Money is integer minor units (bigint) in the shop currency
// named in `currency`; a ratio that cannot be computed (nothing to divide by) is null, and the
// UI says "no orders in this period" instead of showing 0 or NaN. Definitions: docs/kpis.md.
import type { DayRange } from "../time";

export interface SalesSummary {
  shop: string;
  currency: string;
  range: DayRange;
  orders: number; // non-test orders processed in the range (cancelled ones included)
  grossSales: bigint; // docs/kpis.md#gross-sales
  discounts: bigint;
  returns: bigint; // refunds on the refund's day + cancellations' unrefunded rest on the cancel day
  cancellations: bigint; // the part of `returns` that comes from cancellations (docs/kpis.md#returns)
  netSales: bigint; // gross − discounts − returns
  shipping: bigint; // shipping charged − refunded shipping − cancelled unrefunded shipping
  taxes: bigint; // docs/kpis.md#taxes
  duties: bigint; // docs/kpis.md#duties
  totalSales: bigint; // net sales + shipping + taxes + duties
  averageOrderValue: bigint | null; // (gross − discounts) / orders
  unitsSold: number; // by order date
  unitsReturned: number; // refunded units of the orders in the range (by order date)
  returnRate: string | null; // unitsReturned / unitsSold as a decimal fraction, "0.0123"
}

export interface DailyPoint {
  day: string;
  netSales: bigint;
  grossSales: bigint;
  orders: number;
  totalSales: bigint;
}

/** One shop-local day of the sales report (docs/kpis.md#sales-report). */
export interface SalesDay {
  day: string;
  orders: number;
  grossSales: bigint;
  discounts: bigint;
  returns: bigint; // refunds processed this day + cancellations this day
  cancellations: bigint;
  netSales: bigint;
  shipping: bigint;
  taxes: bigint;
  duties: bigint;
  totalSales: bigint;
  unitsSold: number; // ordered this day
  unitsReturned: number; // refunded or cancelled this day
}

export interface ChannelRevenue {
  channel: string;
  orders: number;
  grossSales: bigint;
  discounts: bigint;
  returns: bigint;
  netSales: bigint;
}

export interface Dashboard {
  current: SalesSummary;
  previous: SalesSummary; // the range of equal length just before
  daily: DailyPoint[]; // one point per day of the current range, zero-filled
  channels: ChannelRevenue[]; // current range, largest net sales first
  sync: { status: string; lastSuccessAt: Date | null; linesProcessed: number; objectsTotal: number | null; lastError: string | null } | null;
}
