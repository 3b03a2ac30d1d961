// The daily net sales chart, mounted only in the browser (see NetSalesLineChart.client.tsx).
import { useEffect, useState } from "react";
import { BlockStack, Card, SkeletonBodyText, Text } from "@shopify/polaris";
import { NetSalesLineChart } from "./NetSalesLineChart.client";
import type { DailyView } from "./dashboard-view";
import type { Messages } from "../i18n";

export function DailyNetSalesChart(props: { daily: DailyView[]; currency: string; locale: string; messages: Messages }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const t = props.messages.chart;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.title}
        </Text>
        {mounted && NetSalesLineChart ? (
          <NetSalesLineChart daily={props.daily} currency={props.currency} locale={props.locale} seriesName={t.series} />
        ) : (
          <div style={{ height: 300 }} aria-label={t.loading}>
            <SkeletonBodyText lines={8} />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
