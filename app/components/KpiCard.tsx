// One KPI: its value in the shop currency (or count / rate), the change against the previous
// period, and a one-line definition. data-testid="kpi-<id>" holds exactly the displayed value and
// data-value the exact figure behind it (decimal string), for the browser test.
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { KpiView } from "./dashboard-view";
import { format, type Messages } from "../i18n";

const BADGE_TONE = { good: "success", bad: "critical", neutral: undefined } as const;

export function KpiCard({ kpi, messages }: { kpi: KpiView; messages: Messages }) {
  const text = messages.kpi[kpi.id];
  const change = kpi.change;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {text.label}
        </Text>
        {kpi.display !== null ? (
          <Text as="p" variant="headingXl">
            <span data-testid={`kpi-${kpi.id}`} data-value={kpi.value ?? ""}>
              {kpi.display}
            </span>
          </Text>
        ) : (
          <Text as="p" variant="headingMd" tone="subdued">
            <span data-testid={`kpi-${kpi.id}`} data-value="">
              {messages.dashboard.noOrders}
            </span>
          </Text>
        )}
        <div data-testid={`kpi-${kpi.id}-change`}>
          {change.kind === "change" ? (
            <InlineStack gap="200" blockAlign="center" wrap>
              <span data-testid={`kpi-${kpi.id}-delta`} data-value={change.value} data-tone={change.tone}>
                <Badge tone={BADGE_TONE[change.tone]}>
                  {kpi.changeUnit === "points" ? format(messages.kpi.points, { value: change.display }) : change.display}
                </Badge>
              </span>
              <Text as="span" variant="bodySm" tone="subdued">
                <span data-testid={`kpi-${kpi.id}-previous`}>{format(messages.kpi.vsPrevious, { value: kpi.previousDisplay ?? "" })}</span>
              </Text>
            </InlineStack>
          ) : change.kind === "previous-zero" ? (
            <Text as="span" variant="bodySm" tone="subdued">
              {format(messages.kpi.previousZero, { value: change.previousDisplay })}
            </Text>
          ) : (
            <Text as="span" variant="bodySm" tone="subdued">
              {messages.kpi.noPrevious}
            </Text>
          )}
        </div>
        <Text as="p" variant="bodySm" tone="subdued">
          {text.help}
        </Text>
      </BlockStack>
    </Card>
  );
}
