// Revenue per sales channel for the current range (the metrics module orders it, largest net
// sales first).
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { ChannelView } from "./dashboard-view";
import type { Messages } from "../i18n";

export function ChannelTable({ channels, messages }: { channels: ChannelView[]; messages: Messages }) {
  const t = messages.channels;
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <Text as="h2" variant="headingMd">
            {t.title}
          </Text>
        </div>
        <div data-testid="channel-table">
          {channels.length === 0 ? (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p" tone="subdued">
                {t.empty}
              </Text>
            </div>
          ) : (
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t.channel, t.orders, t.gross, t.net]}
              rows={channels.map((c) => [c.channel, c.ordersDisplay, c.grossDisplay, c.netDisplay])}
            />
          )}
        </div>
      </BlockStack>
    </Card>
  );
}
