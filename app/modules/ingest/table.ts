// A table inside a CSV file: optional title lines (Google Ads puts a report name and a date range
// above the header, Microsoft Ads a whole block), the header row, then data rows. The header is
// the first record a recogniser accepts; everything above it is kept as the preamble.
import { type CsvFormat, type CsvRecord, type SourceFile, DEFAULT_MAX_BYTES, detectFormat, readCsv, readCsvBatches } from "./csv";
import { IngestError, fileProblem } from "./problems";

export interface TableHead {
  format: CsvFormat;
  preamble: CsvRecord[];
  header: string[]; // trimmed (Shopify's exports end some headers in a space)
  headerLine: number;
}

const MAX_PREAMBLE = 20;

export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, "").trim();
}

/** Finds the header: the first record `accept` recognises within the first lines of the file. */
export async function readHead(
  file: SourceFile,
  accept: (header: string[]) => boolean,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<TableHead | { unrecognised: string[] }> {
  const format = await detectFormat(file);
  const preamble: CsvRecord[] = [];
  let first: string[] | null = null;
  for await (const rec of readCsv(file, format, maxBytes)) {
    const header = rec.fields.map(normalizeHeader);
    if (accept(header)) return { format, preamble, header, headerLine: rec.line };
    if (!first && rec.fields.filter((f) => f.trim() !== "").length >= 2) first = header;
    preamble.push(rec);
    if (preamble.length > MAX_PREAMBLE) break;
  }
  return { unrecognised: first ?? [] };
}

/** The data rows below the header, streamed in batches (the file is read again from the start). */
export async function* dataRowBatches(file: SourceFile, head: TableHead, maxBytes = DEFAULT_MAX_BYTES): AsyncGenerator<CsvRecord[]> {
  for await (const batch of readCsvBatches(file, head.format, maxBytes)) {
    // A row of empty cells (",,,,") is no row.
    const rows = batch.filter((rec) => rec.line > head.headerLine && !rec.fields.every((f) => f.trim() === ""));
    if (rows.length) yield rows;
  }
}

export async function* dataRows(file: SourceFile, head: TableHead, maxBytes = DEFAULT_MAX_BYTES): AsyncGenerator<CsvRecord> {
  for await (const batch of dataRowBatches(file, head, maxBytes)) yield* batch;
}

/** Column index by any of its names, case-insensitive; -1 when absent. */
export function column(header: string[], ...names: string[]): number {
  const lower = header.map((h) => h.toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

export function requireHeader(head: TableHead | { unrecognised: string[] }, what: string): TableHead {
  if ("unrecognised" in head) {
    throw new IngestError([fileProblem(`${what} (the columns found were: ${head.unrecognised.map((h) => JSON.stringify(h)).join(", ") || "none"})`)]);
  }
  return head;
}
