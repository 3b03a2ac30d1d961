// The top of a KPI page: the date range picker, the day/week/month switch, the comparison line,
// an "empty period" banner; the definitions of every number on the page at the bottom.
import type { ReactNode } from "react";
import { useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, ButtonGroup, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { DateRangePicker } from "../DateRangePicker";
import { messagesFor, type Language } from "../../i18n";
import type { DayRange } from "../../modules/time";
import type { PageHeader } from "./view";

export function PageFrame(props: {
  title: string;
  header: PageHeader;
  granularity: string;
  anchorDay: string;
  anchorLabel: string;
  language: Language;
  empty: boolean;
  emptyText: string;
  definitions: Array<{ id: string; text: string; href: string }>;
  children: ReactNode;
}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const messages = messagesFor(props.language);
  const set = (changes: Record<string, string>) => {
    // Keep every other parameter (shop, host, embedded, locale...): Shopify's admin needs them.
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setSearchParams(next);
  };
  return (
    <Page title={props.title} fullWidth>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="400">
          <DateRangePicker
            range={props.header.range}
            rangeLabel={props.header.rangeLabel}
            anchorDay={props.anchorDay}
            anchorLabel={props.anchorLabel}
            messages={messages}
            onApply={(r: DayRange) => set({ from: r.from, to: r.to })}
          />
          <div data-testid="granularity">
            <ButtonGroup variant="segmented">
              {(["day", "week", "month"] as const).map((g) => (
                <Button key={g} pressed={props.granularity === g} onClick={() => set({ g })}>
                  {g === "day" ? "Daily" : g === "week" ? "Weekly" : "Monthly"}
                </Button>
              ))}
            </ButtonGroup>
          </div>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          <span data-testid="range-summary">{`${props.header.rangeLabel}, ${props.header.comparisonLabel}`}</span>
        </Text>
        {props.empty && (
          <div data-testid="empty-period">
            <Banner tone="info" title={props.emptyText}>
              <Text as="p">Rates and averages show “No data” rather than 0 %. Pick another period.</Text>
            </Banner>
          </div>
        )}
        <div style={{ opacity: navigation.state === "loading" ? 0.6 : 1, transition: "opacity 120ms" }}>
          <BlockStack gap="400">{props.children}</BlockStack>
        </div>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Definitions (docs/kpis.md)
            </Text>
            <div data-testid="definitions">
              <BlockStack gap="100">
                {props.definitions.map((d) => (
                  <Text as="p" variant="bodySm" key={d.id}>
                    <span title={d.href}>
                      <b>{d.id}</b>: {d.text}
                    </span>
                  </Text>
                ))}
              </BlockStack>
            </div>
          </BlockStack>
        </Card>
        <div style={{ height: 32 }} />
      </BlockStack>
    </Page>
  );
}
