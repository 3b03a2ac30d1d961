// /app/customers: new vs returning customers, returning customer rate, repeat purchase rate, time
// to second order and monthly cohorts. Figures from getCustomersPage; definitions: docs/kpis.md.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { db } from "../db.server";
import { requireShop } from "../modules/auth.server";
import { getCustomersPage } from "../modules/metrics/pages.server";
import { resolveLocale } from "../i18n";
import { readPageRequest } from "../components/kpi/loader.server";
import { toCustomersPageView } from "../components/kpi/view";
import { PageFrame } from "../components/kpi/PageFrame";
import { RangeProblem, ShopSettingUp } from "../components/kpi/PageNotices";
import { KpiTile } from "../components/kpi/KpiTile";
import { SortableTable } from "../components/kpi/SortableTable";
import { ClientOnly } from "../components/kpi/ClientOnly";
import { SeriesChart } from "../components/kpi/Charts.client";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];
export const meta: MetaFunction = () => [{ title: "Customers · Grip" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const locale = resolveLocale(request);
  const prisma = db();
  const req = await readPageRequest(prisma, shop, new URL(request.url), locale.tag);
  if (!req) return { kind: "not-installed" as const, shop, language: locale.language };
  const data = await getCustomersPage(prisma, shop, req.range, req.granularity);
  return { kind: "page" as const, view: toCustomersPageView(data, locale.tag, req.granularity), anchorDay: req.anchorDay, anchorLabel: req.anchorLabel, problems: req.problems, language: locale.language };
};

export default function CustomersPage() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "not-installed") return <ShopSettingUp title="Customers" />;
  const { view } = data;
  return (
    <PageFrame
      title="Customers"
      header={view}
      granularity={view.granularity}
      anchorDay={data.anchorDay}
      anchorLabel={data.anchorLabel}
      language={data.language}
      empty={view.empty}
      emptyText="No customer orders in this period"
      definitions={view.definitions}
    >
      <RangeProblem problems={data.problems} />
      <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
        {view.tiles.map((t) => (
          <KpiTile key={t.id} tile={t} rowsAnchor={t.id === "days_to_second_order" ? "cohort-table" : "customers-table"} />
        ))}
      </InlineGrid>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            New and returning customers
          </Text>
          <ClientOnly height={300}>
            {() =>
              SeriesChart ? (
                <SeriesChart
                  series={[
                    { name: "New customers", data: view.chart.newCustomers },
                    { name: "Returning customers", data: view.chart.returningCustomers },
                  ]}
                  format="count"
                  locale={view.locale}
                  testId="customers-chart"
                />
              ) : null
            }
          </ClientOnly>
        </BlockStack>
      </Card>
      {view.tables.map((t) => (
        <SortableTable key={t.id} table={t} />
      ))}
    </PageFrame>
  );
}
