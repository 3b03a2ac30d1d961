// /app: the dashboard. The loader authenticates, reads the date range from the URL, asks the
// metrics module for the Dashboard and returns it JSON-safe (exact decimal strings, formatted for
// the merchant's locale). The page only lays it out.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { db } from "../../db.server";
import { getDashboard } from "../../modules/metrics/dashboard.server";
import { requireShop } from "../../modules/auth.server";
import { format, messagesFor, resolveLocale, type Messages } from "../../i18n";
import { toDashboardView, formatDay } from "../../components/dashboard-view";
import { defaultRange } from "../../components/date-presets";
import { KpiCard } from "../../components/KpiCard";
import { ChannelTable } from "../../components/ChannelTable";
import { DailyNetSalesChart } from "../../components/DailyNetSalesChart";
import { DateRangePicker } from "../../components/DateRangePicker";
import { SyncStatus } from "../../components/SyncStatus";
import type { DayRange } from "../../modules/time";
import { anchorDay as findAnchorDay } from "./anchor-day.server";
import { readRange, type RangeProblem } from "./range";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export const meta: MetaFunction = () => [{ title: "Dashboard · Grip" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const locale = resolveLocale(request);
  const prisma = db();
  const anchorDay = await findAnchorDay(prisma, shop);
  if (anchorDay === null) return { kind: "not-installed" as const, shop, language: locale.language };
  const fallback = defaultRange(anchorDay);
  const { range, problems } = readRange(new URL(request.url).searchParams, fallback);
  const dashboard = await getDashboard(prisma, shop, range);
  return {
    kind: "dashboard" as const,
    view: toDashboardView(dashboard, locale.tag),
    anchorDay,
    anchorLabel: formatDay(anchorDay, locale.tag),
    fallbackLabel: `${formatDay(fallback.from, locale.tag)} – ${formatDay(fallback.to, locale.tag)}`,
    problems,
    language: locale.language,
  };
};

function ProblemBanner({ problems, fallbackLabel, messages }: { problems: RangeProblem[]; fallbackLabel: string; messages: Messages }) {
  const t = messages.dashboard;
  return (
    <div data-testid="range-problem">
      <Banner tone="warning" title={t.badParamTitle}>
        <BlockStack gap="100">
          {problems.map((p, i) => (
            <Text as="p" key={i}>
              {p.kind === "not-a-day" ? format(t.badParamDay, { param: p.param, value: p.value }) : format(t.badParamOrder, { from: p.from, to: p.to })}
            </Text>
          ))}
          <Text as="p">{format(t.showingDefault, { range: fallbackLabel })}</Text>
        </BlockStack>
      </Banner>
    </div>
  );
}

export default function DashboardPage() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "not-installed") {
    const t = messagesFor(data.language).dashboard;
    return (
      <Page title={t.title} subtitle={data.shop}>
        <div data-testid="not-installed">
          <Banner tone="info" title={t.notInstalledTitle}>
            <Text as="p">{t.notInstalled}</Text>
          </Banner>
        </div>
      </Page>
    );
  }
  return <Dashboard {...data} />;
}

type DashboardData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "dashboard" }>;

function Dashboard({ view, anchorDay, anchorLabel, fallbackLabel, problems, language }: DashboardData) {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const messages = messagesFor(language);
  const t = messages.dashboard;
  const locale = view.locale;

  const applyRange = (r: DayRange) => {
    // Keep every other parameter (shop, host, embedded, locale...): Shopify's admin needs them.
    const next = new URLSearchParams(searchParams);
    next.set("from", r.from);
    next.set("to", r.to);
    setSearchParams(next);
  };

  return (
    <Page title={t.title} subtitle={view.shop} fullWidth>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="400">
          <DateRangePicker
            range={view.range}
            rangeLabel={`${view.rangeDisplay.from} – ${view.rangeDisplay.to}`}
            anchorDay={anchorDay}
            anchorLabel={anchorLabel}
            messages={messages}
            onApply={applyRange}
          />
          <SyncStatus sync={view.sync} messages={messages} />
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          <span data-testid="range-summary">
            {format(t.subtitle, {
              from: view.rangeDisplay.from,
              to: view.rangeDisplay.to,
              prevFrom: view.rangeDisplay.previousFrom,
              prevTo: view.rangeDisplay.previousTo,
            })}
          </span>
        </Text>
        {problems.length > 0 && <ProblemBanner problems={problems} fallbackLabel={fallbackLabel} messages={messages} />}
        {!view.hasOrders && (
          <div data-testid="no-orders">
            <Banner tone="info" title={t.noOrders}>
              <Text as="p">
                {format(t.noOrdersDetail, { from: view.rangeDisplay.from, to: view.rangeDisplay.to })}
              </Text>
            </Banner>
          </div>
        )}
        <div style={{ opacity: navigation.state === "loading" ? 0.6 : 1, transition: "opacity 120ms" }}>
          <Layout>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="400">
                {view.kpis.map((kpi) => (
                  <KpiCard key={kpi.id} kpi={kpi} messages={messages} />
                ))}
              </InlineGrid>
            </Layout.Section>
            <Layout.Section>
              <DailyNetSalesChart daily={view.daily} currency={view.currency} locale={locale} messages={messages} />
            </Layout.Section>
            <Layout.Section>
              <ChannelTable channels={view.channels} messages={messages} />
            </Layout.Section>
            <Layout.Section>
              <Box paddingBlockEnd="800" />
            </Layout.Section>
          </Layout>
        </div>
      </BlockStack>
    </Page>
  );
}
