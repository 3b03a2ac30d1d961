// One line on the state of the shop's data: a progress bar while the order history is being
// imported, the last successful sync, or the last error.
import { BlockStack, InlineStack, ProgressBar, Spinner, Text } from "@shopify/polaris";
import type { SyncView } from "./dashboard-view";
import { format, type Messages } from "../i18n";

export function SyncStatus({ sync, messages }: { sync: SyncView | null; messages: Messages }) {
  const t = messages.sync;
  let body: JSX.Element;
  if (!sync) {
    body = (
      <Text as="p" tone="subdued" variant="bodySm">
        {t.never}
      </Text>
    );
  } else if (sync.status === "running") {
    const done = sync.linesDisplay;
    body = (
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          {sync.progress === null && <Spinner size="small" accessibilityLabel={t.runningUnknown.replace("{done}", done)} />}
          <Text as="p" variant="bodySm">
            {sync.totalDisplay && sync.objectsTotal
              ? format(t.running, { done, total: sync.totalDisplay })
              : format(t.runningUnknown, { done })}
          </Text>
        </InlineStack>
        {sync.progress !== null && (
          <div style={{ maxWidth: 320 }}>
            <ProgressBar progress={sync.progress} size="small" />
          </div>
        )}
      </BlockStack>
    );
  } else if (sync.status === "failed") {
    body = (
      <Text as="p" tone="critical" variant="bodySm">
        {format(t.failed, { error: sync.lastError ?? sync.status })}
      </Text>
    );
  } else if (sync.lastSuccessDisplay) {
    body = (
      <Text as="p" tone="subdued" variant="bodySm">
        {format(t.lastSuccess, { time: sync.lastSuccessDisplay })}
      </Text>
    );
  } else {
    body = (
      <Text as="p" tone="subdued" variant="bodySm">
        {t.never}
      </Text>
    );
  }
  return (
    <InlineStack>
      <div data-testid="sync-status" data-status={sync?.status ?? "none"}>
        {body}
      </div>
    </InlineStack>
  );
}
