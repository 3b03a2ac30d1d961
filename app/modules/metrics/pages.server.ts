// Everything the "Sales & channels" and "Customers" pages show, in one call each (routes never
// compute KPIs themselves). Figures are exact (bigint money, decimal-string rates); the
// presentation layer (app/components/kpi/view.ts) formats them. Each KPI names the id of its
// definition in docs/kpis.md, whose text becomes the card's help.
import type { PrismaClient } from "@prisma/client";
import type { DayRange } from "../time";
import { previousPeriod, samePeriodLastYear, type Granularity } from "./periods";
import { salesReport, type SalesReport } from "./report";
import { salesByProduct, type ProductSales } from "./sales";
import { returnRate, type ReturnRateReport } from "./return-rate";
import { customerCohorts, customerSeries, customerSummary, type CohortRow, type CustomerSeriesPoint, type CustomerSummary } from "./customers";
import { kpiDefinitions } from "./definitions.server";

export const SALES_PAGE_DEFINITIONS = [
  "sales-report", "periods", "gross-sales", "discounts", "returns", "net-sales", "shipping", "taxes", "duties", "total-sales",
  "orders", "aov", "return-rate", "return-rate-ratios", "sales-channel", "sales-product",
] as const;

export const CUSTOMER_PAGE_DEFINITIONS = [
  "customers", "customers-in-range", "new-customers", "returning-customer-rate", "repeat-purchase-rate", "time-to-second-order", "cohorts", "guest-orders", "periods",
] as const;

export interface SalesPageData {
  report: SalesReport;
  products: ProductSales[];
  returns: { current: ReturnRateReport; previous: ReturnRateReport; lastYear: ReturnRateReport };
  definitions: Record<string, { text: string; href: string }>;
}

export async function getSalesPage(db: PrismaClient, shop: string, range: DayRange, granularity: Granularity, asOf: string): Promise<SalesPageData> {
  const [report, products, current, previous, lastYear] = await Promise.all([
    salesReport(db, shop, range, granularity),
    salesByProduct(db, shop, range),
    returnRate(db, shop, range, { asOf }),
    returnRate(db, shop, previousPeriod(range), { asOf }),
    returnRate(db, shop, samePeriodLastYear(range), { asOf }),
  ]);
  return { report, products, returns: { current, previous, lastYear }, definitions: kpiDefinitions(SALES_PAGE_DEFINITIONS) };
}

export interface CustomersPageData {
  currency: string;
  range: DayRange;
  previousRange: DayRange;
  lastYearRange: DayRange;
  current: CustomerSummary;
  previous: CustomerSummary;
  lastYear: CustomerSummary;
  series: CustomerSeriesPoint[];
  cohorts: CohortRow[];
  definitions: Record<string, { text: string; href: string }>;
}

export async function getCustomersPage(db: PrismaClient, shop: string, range: DayRange, granularity: Granularity): Promise<CustomersPageData> {
  const previousRange = previousPeriod(range);
  const lastYearRange = samePeriodLastYear(range);
  const [current, previous, lastYear, series, cohorts] = await Promise.all([
    customerSummary(db, shop, range),
    customerSummary(db, shop, previousRange),
    customerSummary(db, shop, lastYearRange),
    customerSeries(db, shop, range, granularity),
    customerCohorts(db, shop, range),
  ]);
  return { currency: current.currency, range, previousRange, lastYearRange, current, previous, lastYear, series, cohorts, definitions: kpiDefinitions(CUSTOMER_PAGE_DEFINITIONS) };
}
