// The Uploads page's server side. The file is streamed to a temporary file (never buffered
// whole; the size cap is enforced while it arrives), parsed, previewed; confirming sends the same
// file again with the preview's content hash, and it is stored only if the bytes are the ones the
// merchant saw. Ad spend only, for now; the CLI handles every kind.
import { createWriteStream, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import type { PrismaClient } from "@prisma/client";
import { MaxPartSizeExceededError, type UploadHandler, unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { formatMinor } from "../money";
import { parseAdSpendFile } from "./adspend";
import { DEFAULT_MAX_BYTES, fileOnDisk } from "./csv";
import { IngestError, type Problem, fileProblem, formatProblem } from "./problems";
import { type UploadInfo, commitAdSpend, listUploads, previewAdSpend, undoUpload } from "./store";
import { escapeFormula } from "./values";

export interface UploadPreviewView {
  fileName: string;
  contentHash: string;
  label: string;
  encoding: string;
  mapping: [string, string][];
  period: string | null;
  notes: string[];
  firstRows: string[][]; // day, campaign, channel, amount, currency (formula-escaped text)
  totals: string[][]; // day, amount, currency
  shopTotal: string;
  replaces: string[];
  duplicateOf: number | null;
  problems: string[];
}

export type UploadActionResult =
  | { kind: "preview"; preview: UploadPreviewView }
  | { kind: "stored"; message: string }
  | { kind: "error"; problems: string[] };

export interface UploadListRow { id: number; kind: string; source: string; fileName: string; status: string; period: string; rows: string; createdAt: string }

export async function uploadList(db: PrismaClient, shop: string): Promise<UploadListRow[]> {
  return (await listUploads(db, shop)).reverse().map((u: UploadInfo) => ({
    id: u.id, kind: u.kind, source: u.source, fileName: escapeFormula(u.fileName), status: u.status,
    period: u.periodFrom ? `${u.periodFrom} – ${u.periodTo}` : "–", rows: `${u.activeRows} of ${u.storedRows} counted`,
    createdAt: u.createdAt.toISOString().slice(0, 16).replace("T", " "),
  }));
}

const problemsText = (ps: Problem[]) => ps.map(formatProblem);

/**
 * Streams a file part to a temporary file and hands back {path, name} as JSON text: Remix's own
 * on-disk file object is not a Blob, so the platform's FormData would turn it into a string.
 */
const toTempFile: UploadHandler = async ({ filename, data }) => {
  if (!filename) return undefined;
  const file = path.join(tmpdir(), `grip-upload-${crypto.randomUUID()}.csv`);
  const out = createWriteStream(file);
  let size = 0;
  try {
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > DEFAULT_MAX_BYTES) throw new MaxPartSizeExceededError("file", DEFAULT_MAX_BYTES);
      if (!out.write(chunk)) await once(out, "drain");
    }
  } catch (err) {
    out.destroy();
    rmSync(file, { force: true });
    throw err;
  }
  out.end();
  await once(out, "finish");
  return JSON.stringify({ path: file, name: filename });
};

export async function handleUploadAction(db: PrismaClient, shop: string, request: Request): Promise<UploadActionResult> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(
      toTempFile,
      unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
    ));
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) return { kind: "error", problems: problemsText([fileProblem(`a file of at most ${DEFAULT_MAX_BYTES / 1024 / 1024} MB`)]) };
    throw err;
  }
  const intent = String(form.get("intent") ?? "");
  if (intent === "undo") {
    const id = Number(form.get("uploadId"));
    const r = await undoUpload(db, shop, id);
    return { kind: "stored", message: r.status === "undone" ? `Upload #${id} undone.` : `Upload #${id} was already undone.` };
  }
  const part = form.get("file");
  if (typeof part !== "string" || !part.startsWith("{")) return { kind: "error", problems: ["Choose a file to upload."] };
  const file = JSON.parse(part) as { path: string; name: string };
  const filePath = file.path;
  try {
    const source = { ...fileOnDisk(filePath), name: file.name };
    const parsed = await parseAdSpendFile(source);
    const preview = await previewAdSpend(db, shop, file.name, parsed);
    if (intent === "confirm") {
      if (String(form.get("contentHash")) !== parsed.contentHash) return { kind: "error", problems: ["The file changed since the preview: preview it again."] };
      const r = await commitAdSpend(db, preview);
      return { kind: "stored", message: r.status === "unchanged" ? `Same file as upload #${r.uploadId}: nothing changed.` : `Stored as upload #${r.uploadId} (${r.storedRows} rows).` };
    }
    const cur = preview.shopCurrency;
    return {
      kind: "preview",
      preview: {
        fileName: escapeFormula(file.name), contentHash: parsed.contentHash, label: parsed.label, encoding: `${parsed.encoding}, separator ${JSON.stringify(parsed.separator)}`,
        mapping: Object.entries(parsed.mapping).map(([k, v]) => [k, escapeFormula(v)]),
        period: parsed.period ? `${parsed.period.from} – ${parsed.period.to}` : null,
        notes: parsed.notes,
        firstRows: preview.rows.slice(0, 10).map((r) => [r.day, escapeFormula(r.campaign), r.channel, formatMinor(r.amountMinor, r.currency), r.currency]),
        totals: preview.totals.slice(0, 100).map((t) => [t.day, formatMinor(t.amountMinor, t.currency), t.currency]),
        shopTotal: `${formatMinor(preview.shopTotalMinor, cur)} ${cur}`,
        replaces: preview.replaces.map((r) => `Replaces ${r.rows} rows of upload #${r.uploadId} (${escapeFormula(r.fileName)}), ${formatMinor(r.shopAmountMinor, cur)} ${cur}, in this period.`),
        duplicateOf: preview.duplicateOf,
        problems: problemsText(preview.problems),
      },
    };
  } catch (err) {
    if (err instanceof IngestError) return { kind: "error", problems: problemsText(err.problems) };
    throw err;
  } finally {
    rmSync(filePath, { force: true });
  }
}
