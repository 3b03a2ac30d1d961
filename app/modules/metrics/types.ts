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
  returns: bigint; // booked on the refund's day
  netSales: bigint; // gross − discounts − returns
  shipping: bigint; // shipping charged − refunded shipping
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
}

export interface ChannelRevenue {
  channel: string;
  orders: number;
  grossSales: bigint;
  netSales: bigint;
}

export interface Dashboard {
  current: SalesSummary;
  previous: SalesSummary; // the range of equal length just before
  daily: DailyPoint[]; // one point per day of the current range, zero-filled
  channels: ChannelRevenue[]; // current range, largest net sales first
  sync: { status: string; lastSuccessAt: Date | null; linesProcessed: number; objectsTotal: number | null; lastError: string | null } | null;
}
