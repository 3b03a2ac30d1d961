// What an ad-spend file will do before it is stored: detected source and mapping, notes, the first
// rows, totals per day and currency, what it replaces, problems. Text from the file arrives
// formula-escaped from the server.
import { Badge, Banner, BlockStack, Card, DataTable, InlineStack, List, Text } from "@shopify/polaris";
import type { UploadPreviewView } from "../../modules/ingest/web.server";

export function UploadPreview({ preview }: { preview: UploadPreviewView }) {
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">{preview.fileName}</Text>
            <Badge tone="info">{preview.label}</Badge>
          </InlineStack>
          <Text as="p" tone="subdued">{`${preview.encoding}; period ${preview.period ?? "–"}; total ${preview.shopTotal}`}</Text>
          <DataTable columnContentTypes={["text", "text"]} headings={["Field", "Column in the file"]} rows={preview.mapping} />
          {preview.notes.length > 0 && <List>{preview.notes.map((n) => <List.Item key={n}>{n}</List.Item>)}</List>}
        </BlockStack>
      </Card>
      {preview.problems.length > 0 && (
        <Banner tone="critical" title={`${preview.problems.length} problem${preview.problems.length === 1 ? "" : "s"}: nothing will be stored`}>
          <List>{preview.problems.slice(0, 50).map((p) => <List.Item key={p}>{p}</List.Item>)}</List>
        </Banner>
      )}
      {preview.duplicateOf !== null && <Banner tone="info" title={`Same file as upload #${preview.duplicateOf}: confirming changes nothing.`} />}
      {preview.replaces.length > 0 && (
        <Banner tone="warning" title="This upload replaces earlier rows">
          <List>{preview.replaces.map((r) => <List.Item key={r}>{r}</List.Item>)}</List>
        </Banner>
      )}
      <Card>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">First rows</Text>
          <DataTable columnContentTypes={["text", "text", "text", "numeric", "text"]} headings={["Day", "Campaign", "Channel", "Amount", "Currency"]} rows={preview.firstRows} />
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">Totals per day and currency</Text>
          <DataTable columnContentTypes={["text", "numeric", "text"]} headings={["Day", "Amount", "Currency"]} rows={preview.totals} />
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
