// polaris-viz charts for the KPI pages. polaris-viz reads `window` while rendering, so this module
// is client-only (.client: the server build sees an empty module); ClientOnly mounts it after
// hydration. Plotting needs numbers: exact decimal strings become floats only here, for pixel
// positions; every figure shown as text stays exact.
import { LineChart, PolarisVizProvider, SparkLineChart } from "@shopify/polaris-viz";

// Straight segments: a spline overshoots between points and misstates the figures.
const THEMES = { GripLight: { line: { hasSpline: false } } };

export interface SeriesChartProps {
  series: Array<{ name: string; data: Array<{ key: string; value: number }> }>;
  format: "money" | "count";
  currency?: string;
  locale: string;
  testId: string;
}

export function SeriesChart({ series, format, currency, locale, testId }: SeriesChartProps) {
  const fmt =
    format === "money"
      ? new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 })
      : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (
    <PolarisVizProvider themes={THEMES} defaultTheme="Light">
      <div style={{ height: 300 }} data-testid={testId}>
        <LineChart
          data={series}
          theme="GripLight"
          isAnimated={false}
          showLegend={series.length > 1}
          yAxisOptions={{ labelFormatter: (v) => fmt.format(Number(v ?? 0)) }}
          tooltipOptions={{ valueFormatter: (v) => fmt.format(Number(v ?? 0)) }}
        />
      </div>
    </PolarisVizProvider>
  );
}

export function Sparkline({ data, testId }: { data: Array<{ key: string; value: number }>; testId: string }) {
  return (
    <PolarisVizProvider themes={THEMES} defaultTheme="Light">
      <div style={{ height: 40 }} data-testid={testId}>
        <SparkLineChart data={[{ name: "spark", data }]} theme="GripLight" isAnimated={false} accessibilityLabel="trend over the period" />
      </div>
    </PolarisVizProvider>
  );
}
