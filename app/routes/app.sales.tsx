// /app/sales: "Sales & channels". The loader authenticates, reads the range and granularity,
// asks the metrics module for the page's figures (getSalesPage) and returns them JSON-safe
// (toSalesPageView); the page only lays them out. Definitions: docs/kpis.md.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { db } from "../db.server";
import { requireShop } from "../modules/auth.server";
import { getSalesPage } from "../modules/metrics/pages.server";
import { shopLocalDay } from "../modules/time";
import { resolveLocale } from "../i18n";
import { readPageRequest } from "../components/kpi/loader.server";
import { toSalesPageView } from "../components/kpi/view";
import { PageFrame } from "../components/kpi/PageFrame";
import { RangeProblem, ShopSettingUp } from "../components/kpi/PageNotices";
import { KpiTile } from "../components/kpi/KpiTile";
import { SortableTable } from "../components/kpi/SortableTable";
import { ClientOnly } from "../components/kpi/ClientOnly";
import { SeriesChart } from "../components/kpi/Charts.client";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];
export const meta: MetaFunction = () => [{ title: "Sales & channels · Grip" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const locale = resolveLocale(request);
  const prisma = db();
  const req = await readPageRequest(prisma, shop, new URL(request.url), locale.tag);
  if (!req) return { kind: "not-installed" as const, shop, language: locale.language };
  const shopRow = await prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { ianaTimezone: true } });
  // Return rates are "as of" the shop's today (docs/kpis.md#return-rate).
  const asOf = shopLocalDay(new Date(), shopRow.ianaTimezone);
  const data = await getSalesPage(prisma, shop, req.range, req.granularity, asOf);
  return { kind: "page" as const, view: toSalesPageView(data, locale.tag), anchorDay: req.anchorDay, anchorLabel: req.anchorLabel, problems: req.problems, language: locale.language };
};

export default function SalesPage() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "not-installed") return <ShopSettingUp title="Sales & channels" />;
  const { view } = data;
  return (
    <PageFrame
      title="Sales & channels"
      header={view}
      granularity={view.granularity}
      anchorDay={data.anchorDay}
      anchorLabel={data.anchorLabel}
      language={data.language}
      empty={view.empty}
      emptyText="No sales in this period"
      definitions={view.definitions}
    >
      <RangeProblem problems={data.problems} />
      <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
        {view.tiles.map((t) => (
          <KpiTile key={t.id} tile={t} rowsAnchor={t.id === "return_rate" ? "return-table" : "sales-table"} />
        ))}
      </InlineGrid>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {`Net sales per ${view.granularity === "day" ? "day" : view.granularity === "week" ? "ISO week" : "month"}`}
          </Text>
          <ClientOnly height={300}>
            {() => (SeriesChart ? <SeriesChart series={[{ name: "Net sales", data: view.chart }]} format="money" currency={view.currency} locale={view.locale} testId="sales-chart" /> : null)}
          </ClientOnly>
        </BlockStack>
      </Card>
      {view.tables.map((t) => (
        <SortableTable key={t.id} table={t} />
      ))}
    </PageFrame>
  );
}
