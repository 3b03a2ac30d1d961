// Simple tables with typed columns (product costs, supplier bills): a column per field, found by
// any of its usual names (or the merchant's mapping), read in two streamed passes like ad spend:
// the first lets each amount column settle its decimal mark and each date column its day/month
// order, the second yields typed rows or a problem per bad cell.
import { type SourceFile, DEFAULT_MAX_BYTES, hashFile } from "./csv";
import { IngestError, type Problem, ProblemList, fileProblem } from "./problems";
import { type TableHead, column, dataRowBatches, readHead, requireHeader } from "./table";
import { type DateOrder, type DecimalMark, DateOrderVote, MarkVote, dayReader, isCurrencyCode, readNumberCell, toDecimal } from "./values";

export type FieldType = "text" | "amount" | "day" | "currency";

export interface FieldSpec {
  field: string;
  names: string[]; // header names the field is known by, tried in order
  type: FieldType;
  required: boolean; // the column must exist, and its cells be filled unless emptyOk
  emptyOk?: boolean;
}

export interface TableOptions {
  mapping?: Record<string, string>; // field -> header, overriding the usual names
  decimalMark?: DecimalMark;
  dateOrder?: DateOrder;
  maxBytes?: number;
}

/** A typed cell: amounts as exact decimal strings ("-1234.50"), days as YYYY-MM-DD. */
export interface TypedRow { line: number; values: Record<string, string | null>; cellCurrency: Record<string, string | null> }

export interface ParsedTable {
  contentHash: string;
  bytes: number;
  encoding: string;
  separator: string;
  mapping: Record<string, string>;
  header: string[];
  rows: TypedRow[];
  problems: Problem[];
  moreProblems: number;
}

export async function parseTable(file: SourceFile, what: string, fields: FieldSpec[], opts: TableOptions = {}): Promise<ParsedTable> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { sha256, bytes } = await hashFile(file, maxBytes);
  const locate = (h: string[]) => Object.fromEntries(fields.map((f) => [f.field, opts.mapping?.[f.field] !== undefined ? column(h, opts.mapping[f.field]) : column(h, ...f.names)]));
  const head: TableHead = requireHeader(
    await readHead(file, (h) => { const at = locate(h); return fields.every((f) => !f.required || at[f.field] >= 0); }, maxBytes),
    `${what}: columns ${fields.filter((f) => f.required).map((f) => `${f.field} (${opts.mapping?.[f.field] ?? f.names.slice(0, 3).join(" / ")})`).join(", ")}`,
  );
  const at = locate(head.header);
  const present = fields.filter((f) => at[f.field] >= 0);
  const mapping = Object.fromEntries(present.map((f) => [f.field, head.header[at[f.field]]]));

  const marks = new Map(present.filter((f) => f.type === "amount").map((f) => [f.field, new MarkVote()]));
  const orders = new Map(present.filter((f) => f.type === "day").map((f) => [f.field, new DateOrderVote()]));
  for await (const batch of dataRowBatches(file, head, maxBytes)) for (const rec of batch) {
    for (const [field, v] of marks) { const n = readNumberCell(rec.fields[at[field]] ?? ""); if (n.kind === "number") v.add(n.body); }
    for (const [field, v] of orders) v.add(rec.fields[at[field]] ?? "");
  }
  const markOf = new Map<string, DecimalMark>();
  for (const [field, v] of marks) {
    const d = v.decide(opts.decimalMark ?? null);
    if ("mark" in d) markOf.set(field, d.mark);
    else throw new IngestError([{ row: null, column: mapping[field], value: "conflict" in d ? d.conflict.join(" and ") : d.ambiguous, expected: "conflict" in d ? "one number format in the column" : "a way to tell the decimal mark (--decimal , or --decimal .)" }]);
  }
  const readers = new Map<string, (raw: string) => string | null>();
  for (const [field, v] of orders) {
    const d = v.decide(opts.dateOrder ?? null);
    if ("order" in d) readers.set(field, dayReader(d.order));
    else throw new IngestError([{ row: null, column: mapping[field], value: "conflict" in d ? d.conflict.join(" and ") : d.ambiguous, expected: "conflict" in d ? "one date format in the column" : "a way to tell day from month (--date-order DMY or MDY)" }]);
  }

  const problems = new ProblemList();
  const rows: TypedRow[] = [];
  for await (const batch of dataRowBatches(file, head, maxBytes)) for (const rec of batch) {
    const values: Record<string, string | null> = {};
    const cellCurrency: Record<string, string | null> = {};
    let ok = true;
    for (const f of present) {
      const raw = rec.fields[at[f.field]] ?? "";
      const bad = (expected: string) => { problems.add({ row: rec.line, column: mapping[f.field], value: raw, expected }); ok = false; };
      if (raw.trim() === "") {
        if (f.required && !f.emptyOk) bad(`a value (${f.field} is required)`);
        values[f.field] = null;
        continue;
      }
      if (f.type === "text") values[f.field] = raw.trim();
      else if (f.type === "currency") {
        const c = raw.trim().toUpperCase();
        if (isCurrencyCode(c)) values[f.field] = c; else bad("a currency code such as EUR");
      } else if (f.type === "day") {
        const d = readers.get(f.field)!(raw);
        if (d) values[f.field] = d; else bad("a date such as 2026-03-27 or 27-03-2026");
      } else {
        const n = readNumberCell(raw);
        const dec = n.kind === "number" && !n.percent && !n.bound ? toDecimal(n.body, markOf.get(f.field)!) : null;
        if (n.kind !== "number" || dec === null) { bad(`an amount such as ${markOf.get(f.field) === "," ? "1.234,56" : "1,234.56"}`); continue; }
        values[f.field] = n.negative ? `-${dec}` : dec;
        cellCurrency[f.field] = n.currency;
      }
    }
    if (ok) rows.push({ line: rec.line, values, cellCurrency });
  }
  if (rows.length === 0 && problems.count === 0) problems.add(fileProblem(`at least one row below the header`));
  return {
    contentHash: sha256, bytes, encoding: head.format.encoding + (head.format.bom ? " (BOM)" : ""), separator: head.format.separator,
    mapping, header: head.header, rows, problems: problems.items, moreProblems: problems.more,
  };
}
