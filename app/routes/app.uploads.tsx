// /app/uploads: drop an ad-spend export (Meta, Google Ads, TikTok, Microsoft Ads), see what Grip
// detected and what it would store, confirm; every upload listed with undo. The file goes to the
// server twice (preview, then confirm with the previewed hash) so nothing is kept between the two.
// Other kinds (rates, product costs, bills, fulfilment, sessions) are CLI-only for now.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { Banner, BlockStack, Button, Card, DataTable, DropZone, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { UploadPreview } from "../components/uploads/UploadPreview";
import { db } from "../db.server";
import { requireShop } from "../modules/auth.server";
import { type UploadActionResult, handleUploadAction, uploadList } from "../modules/ingest/web.server";

export const meta: MetaFunction = () => [{ title: "Uploads · Grip" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { uploads: await uploadList(db(), shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  return handleUploadAction(db(), shop, request);
};

export default function UploadsPage() {
  const { uploads } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<UploadActionResult>();
  const [file, setFile] = useState<File | null>(null);
  const result = fetcher.data;
  const busy = fetcher.state !== "idle";

  const send = useCallback((intent: string, extra: Record<string, string> = {}) => {
    const fd = new FormData();
    fd.set("intent", intent);
    for (const [k, v] of Object.entries(extra)) fd.set(k, v);
    if (file && intent !== "undo") fd.set("file", file, file.name);
    fetcher.submit(fd, { method: "post", encType: "multipart/form-data" });
  }, [file, fetcher]);

  const onDrop = useCallback((_all: File[], accepted: File[]) => {
    const f = accepted[0] ?? null;
    setFile(f);
    if (f) {
      const fd = new FormData();
      fd.set("intent", "preview");
      fd.set("file", f, f.name);
      fetcher.submit(fd, { method: "post", encType: "multipart/form-data" });
    }
  }, [fetcher]);

  const preview = result?.kind === "preview" ? result.preview : null;
  return (
    <Page title="Uploads" subtitle="Ad spend exports from Meta, Google Ads, TikTok and Microsoft Ads">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <DropZone accept=".csv,.tsv,.txt,text/csv" type="file" allowMultiple={false} onDrop={onDrop} disabled={busy}>
                {file ? <Text as="p" alignment="center">{file.name}</Text> : <DropZone.FileUpload actionTitle="Add a file" actionHint="CSV as exported by the ad platform" />}
              </DropZone>
            </Card>
            {result?.kind === "error" && (
              <Banner tone="critical" title="Nothing was stored">
                <List>{result.problems.map((p) => <List.Item key={p}>{p}</List.Item>)}</List>
              </Banner>
            )}
            {result?.kind === "stored" && <Banner tone="success" title={result.message} />}
            {preview && (
              <>
                <UploadPreview preview={preview} />
                <InlineStack gap="200">
                  <Button variant="primary" disabled={busy || preview.problems.length > 0} onClick={() => send("confirm", { contentHash: preview.contentHash })}>Confirm and store</Button>
                  <Button disabled={busy} onClick={() => setFile(null)}>Cancel</Button>
                </InlineStack>
              </>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Uploads</Text>
              {uploads.length === 0 ? <Text as="p" tone="subdued">No uploads yet.</Text> : (
                <DataTable
                  columnContentTypes={["numeric", "text", "text", "text", "text", "text", "text", "text"]}
                  headings={["#", "When (UTC)", "Kind", "Source", "File", "Period", "Rows", ""]}
                  rows={uploads.map((u) => [u.id, u.createdAt, u.kind, u.source, u.fileName, u.period, u.rows,
                    u.status === "active" ? <Button key={u.id} size="slim" disabled={busy} onClick={() => send("undo", { uploadId: String(u.id) })}>Undo</Button> : "undone"])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
