// polaris-viz reads `window` while rendering, so this module is client-only (the .client suffix
// makes the server build see an empty module) and DailyNetSalesChart mounts it after hydration.
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { DailyView } from "./dashboard-view";

export interface NetSalesLineChartProps {
  daily: DailyView[];
  currency: string;
  locale: string;
  seriesName: string;
}

// Straight segments: a spline overshoots between days (a single sale would appear to dip below
// zero next to it), which misstates the figures.
const THEMES = { GripLight: { line: { hasSpline: false } } };

export function NetSalesLineChart({ daily, currency, locale, seriesName }: NetSalesLineChartProps) {
  // Plotting needs numbers; the exact decimal strings become floats only here, for pixel
  // positions and axis labels. Every figure shown as text stays exact.
  const data = [{ name: seriesName, data: daily.map((d) => ({ key: d.day, value: Number(d.netSales) })) }];
  const money = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  return (
    <PolarisVizProvider themes={THEMES} defaultTheme="Light">
      <div style={{ height: 300 }} data-testid="net-sales-chart">
        <LineChart
          data={data}
          theme="GripLight"
          isAnimated={false}
          showLegend={false}
          xAxisOptions={{ labelFormatter: (v) => day.format(new Date(`${String(v)}T00:00:00Z`)) }}
          yAxisOptions={{ labelFormatter: (v) => money.format(Number(v ?? 0)) }}
          tooltipOptions={{ valueFormatter: (v) => money.format(Number(v ?? 0)) }}
        />
      </div>
    </PolarisVizProvider>
  );
}
