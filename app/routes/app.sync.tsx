// /app/sync: the state of every sync source of the shop (orders backfill, catalog,
// reconciliation) and of the webhook queue, the same figures as `npm run sync -- --status`
// (app/modules/sync/status.ts). Read-only; the page reloads its data every 30 seconds while a
// source is running.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { Badge, BlockStack, Card, DataTable, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { db } from "../db.server";
import { requireShop } from "../modules/auth.server";
import { syncStatus, type SourceStatus } from "../modules/sync/status";

export const meta: MetaFunction = () => [{ title: "Sync status · Grip" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return syncStatus(db(), shop);
};

function lag(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

function when(isoTime: string | null): string {
  return isoTime ? new Date(isoTime).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC") : "never";
}

function StatusBadge({ status }: { status: string }) {
  const tone = status === "completed" ? "success" : status === "failed" ? "critical" : status === "running" ? "info" : undefined;
  const label = status === "never" ? "never run" : status;
  return <Badge tone={tone}>{label}</Badge>;
}

function Progress({ s }: { s: SourceStatus }) {
  if (!s.progress) return <Text as="span">–</Text>;
  const { done, total } = s.progress;
  if (s.status === "running" && total) {
    return (
      <BlockStack gap="100">
        <Text as="span">{`${done.toLocaleString("en")} / ${total.toLocaleString("en")}`}</Text>
        <ProgressBar progress={Math.min(100, Math.round((done / total) * 100))} size="small" />
      </BlockStack>
    );
  }
  return <Text as="span">{total !== null ? `${done.toLocaleString("en")} / ${total.toLocaleString("en")}` : done.toLocaleString("en")}</Text>;
}

export default function SyncPage() {
  const status = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const busy = status.sources.some((s) => s.status === "running") || status.webhooks.queued > 0;
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => revalidator.revalidate(), 30_000);
    return () => clearInterval(t);
  }, [busy, revalidator]);

  const rows = status.sources.map((s) => [
    <span key="l" data-testid={`sync-source-${s.source}`}>{s.label}</span>,
    <StatusBadge key="s" status={s.status} />,
    when(s.lastSuccessAt),
    lag(s.lagSeconds),
    <Progress key="p" s={s} />,
    s.lastError ?? "–",
  ]);
  const w = status.webhooks;
  rows.push([
    <span key="l" data-testid="sync-source-webhooks">Webhooks queue</span>,
    <StatusBadge key="s" status={w.failed > 0 ? "failed" : w.queued > 0 ? "running" : "completed"} />,
    when(w.lastProcessedAt),
    lag(w.lagSeconds),
    `${w.queued} queued · ${w.processed} processed · ${w.skipped} skipped · ${w.failed} failed`,
    w.lastError ? `${w.lastError.topic}: ${w.lastError.error}` : "–",
  ]);

  return (
    <Page title="Sync status" subtitle={status.shop}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text"]}
              headings={["Source", "Status", "Last success", "Lag", "Progress", "Last error"]}
              rows={rows}
              verticalAlign="middle"
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued" variant="bodySm">
            {`Lag: time since the source's last success; for the webhook queue, the age of the oldest event still waiting. As of ${when(status.at)}. Reconciliation re-reads changed orders every hour.`}
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
