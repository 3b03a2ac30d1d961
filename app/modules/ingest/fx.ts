// Exchange rates. Spend in another currency than the shop's is converted at the rate of its day,
// taken from a rate file the merchant uploads (columns Date, Currency, Rate, optional To and
// Source: 1 Currency = Rate To; To defaults to the shop currency). The rate and where it came
// from are stored with every converted row, so a figure can always be explained.
import { currencyExponent } from "../money";
import { type SourceFile, DEFAULT_MAX_BYTES, hashFile } from "./csv";
import { IngestError, type Problem, ProblemList, fileProblem } from "./problems";
import { column, dataRows, readHead, requireHeader } from "./table";
import { type DateOrder, type DecimalMark, DateOrderVote, MarkVote, isCurrencyCode, readNumberCell, toDay, toDecimal } from "./values";

export interface FxRateRow { day: string; base: string; quote: string; rate: string; source: string }

export interface ParsedRates {
  contentHash: string;
  bytes: number;
  dataRows: number;
  rows: FxRateRow[];
  period: { from: string; to: string } | null;
  problems: Problem[];
  moreProblems: number;
  mapping: Record<string, string>;
}

/**
 * amount (minor units of `from`) x rate -> minor units of `to`, exact, rounded half away from
 * zero once at the end.
 */
export function convertMinor(amount: bigint, from: string, to: string, rate: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!m) throw new Error(`not a decimal rate: ${JSON.stringify(rate)}`);
  const frac = m[2] ?? "";
  const num = amount * BigInt(m[1] + frac) * 10n ** BigInt(currencyExponent(to));
  const den = 10n ** BigInt(frac.length + currencyExponent(from));
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + den) / (2n * den);
  return neg ? -q : q;
}

export async function parseRateFile(file: SourceFile, shopCurrency: string, opts: { decimalMark?: DecimalMark; dateOrder?: DateOrder; maxBytes?: number } = {}): Promise<ParsedRates> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { sha256, bytes } = await hashFile(file, maxBytes);
  const cols = (h: string[]) => ({
    day: column(h, "Date", "Day"), base: column(h, "Currency", "From", "Base"), quote: column(h, "To", "Quote"),
    rate: column(h, "Rate", "Exchange rate"), source: column(h, "Source"),
  });
  const head = requireHeader(await readHead(file, (h) => { const c = cols(h); return c.day >= 0 && c.base >= 0 && c.rate >= 0; }, maxBytes),
    "a rate file with columns Date, Currency and Rate (optional: To, Source)");
  const c = cols(head.header);
  const markVote = new MarkVote();
  const orderVote = new DateOrderVote();
  for await (const rec of dataRows(file, head, maxBytes)) {
    const n = readNumberCell(rec.fields[c.rate] ?? "");
    if (n.kind === "number") markVote.add(n.body);
    orderVote.add(rec.fields[c.day] ?? "");
  }
  const md = markVote.decide(opts.decimalMark ?? ".");
  if (!("mark" in md)) throw new IngestError([{ row: null, column: head.header[c.rate], value: "conflict" in md ? md.conflict.join(" and ") : md.ambiguous, expected: "one decimal mark in the column" }]);
  const od = orderVote.decide(opts.dateOrder ?? null);
  if (!("order" in od)) throw new IngestError([{ row: null, column: head.header[c.day], value: "conflict" in od ? od.conflict.join(" and ") : od.ambiguous, expected: "dates that tell day from month (say which with --date-order DMY or MDY)" }]);

  const problems = new ProblemList();
  const rows: FxRateRow[] = [];
  const seen = new Set<string>();
  let from: string | null = null;
  let to: string | null = null;
  let n = 0;
  for await (const rec of dataRows(file, head, maxBytes)) {
    n++;
    const f = rec.fields;
    const at = (i: number, expected: string) => problems.add({ row: rec.line, column: head.header[i], value: f[i] ?? "", expected });
    const day = toDay(f[c.day] ?? "", od.order);
    if (!day) { at(c.day, "a date such as 2026-03-27"); continue; }
    const base = (f[c.base] ?? "").trim().toUpperCase();
    if (!isCurrencyCode(base)) { at(c.base, "a currency code such as USD"); continue; }
    const quote = c.quote >= 0 ? (f[c.quote] ?? "").trim().toUpperCase() : shopCurrency;
    if (!isCurrencyCode(quote)) { at(c.quote, "a currency code such as EUR"); continue; }
    const cellN = readNumberCell(f[c.rate] ?? "");
    const rate = cellN.kind === "number" && !cellN.negative && !cellN.percent && !cellN.bound ? toDecimal(cellN.body, md.mark) : null;
    if (!rate || /^0*(\.0*)?$/.test(rate)) { at(c.rate, "a positive rate such as 0.9234"); continue; }
    const key = `${day} ${base} ${quote}`;
    if (seen.has(key)) { at(c.day, `one rate per day and currency pair (${base}->${quote} on ${day} appears twice)`); continue; }
    seen.add(key);
    const source = c.source >= 0 && (f[c.source] ?? "").trim() ? f[c.source].trim() : `rate file ${file.name}`;
    rows.push({ day, base, quote, rate, source });
    if (!from || day < from) from = day;
    if (!to || day > to) to = day;
  }
  if (n === 0) problems.add(fileProblem("at least one rate below the header"));
  const mapping: Record<string, string> = { day: head.header[c.day], currency: head.header[c.base], rate: head.header[c.rate] };
  if (c.quote >= 0) mapping.to = head.header[c.quote];
  return { contentHash: sha256, bytes, dataRows: n, rows, period: from && to ? { from, to } : null, problems: problems.items, moreProblems: problems.more, mapping };
}
