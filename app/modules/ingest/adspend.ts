// Ad spend files: Meta Ads Manager, Google Ads, TikTok Ads and Microsoft Ads exports recognised
// from their header, or any file through a generic column mapping. The file is read in two
// streamed passes: the first lets whole columns decide what single cells cannot (decimal mark,
// day/month order), the second parses and sums. Only the sums are held in memory: one entry per
// day, campaign and currency, however many breakdown rows the file has.
import { daysInRange, eachDay } from "../time";
import { type SourceFile, DEFAULT_MAX_BYTES, hashFile } from "./csv";
import { IngestError, type Problem, ProblemList, fileProblem } from "./problems";
import { type TableHead, column, dataRowBatches, readHead, requireHeader } from "./table";
import {
  type DateOrder, type DecimalMark, DateOrderVote, MarkVote, cellCurrencyAgrees, dateShape, isCurrencyCode,
  dayReader, numberToMinor, readNumberCell, toDay,
} from "./values";

export type AdPreset = "meta" | "google" | "tiktok" | "microsoft" | "generic";

/** A generic mapping: header names for each field (saved per shop and source). */
export interface AdSpendMapping {
  day: string;
  cost: string;
  campaign?: string;
  currency?: string; // a column; else options.currency
}

export interface AdSpendOptions {
  source?: string; // generic: the source's name (e.g. "pinterest"); presets name themselves
  mapping?: AdSpendMapping;
  currency?: string; // currency of every row when the file has no currency column
  decimalMark?: DecimalMark; // the merchant's answer when the column cannot tell
  dateOrder?: DateOrder;
  maxBytes?: number;
}

interface Layout {
  preset: AdPreset;
  source: string;
  label: string;
  day: number;
  start: number;
  end: number;
  campaign: number;
  names: number[]; // name columns (campaign, ad set, ad): all empty marks a summary row
  cost: number;
  currency: number;
  headerCurrency: string | null;
  mapping: Record<string, string>; // field -> header, shown to the merchant
}

export interface AdSpendRow {
  day: string;
  campaign: string;
  currency: string;
  amountMinor: bigint;
  spread: boolean; // (part of) a period total spread evenly over the period's days
}

export interface ParsedAdSpend {
  preset: AdPreset;
  source: string;
  label: string;
  mapping: Record<string, string>;
  encoding: string;
  separator: string;
  contentHash: string;
  bytes: number;
  dataRows: number;
  period: { from: string; to: string } | null;
  rows: AdSpendRow[]; // summed per day, campaign, currency; sorted
  notes: string[];
  problems: Problem[];
  moreProblems: number;
}

const META_COST = /^amount spent \(([A-Za-z]{3})\)$/i;

function layoutFor(header: string[], opts: AdSpendOptions): Layout | null {
  const base = { day: -1, start: -1, end: -1, campaign: -1, names: [] as number[], cost: -1, currency: -1, headerCurrency: null as string | null };
  const named = (l: Omit<Layout, "mapping">): Layout => {
    const mapping: Record<string, string> = {};
    for (const [k, i] of Object.entries({ day: l.day, reportingStarts: l.start, reportingEnds: l.end, campaign: l.campaign, cost: l.cost, currency: l.currency })) {
      if (i >= 0) mapping[k] = header[i];
    }
    if (l.headerCurrency) mapping.currency = `${l.headerCurrency} (from the "${header[l.cost]}" header)`;
    return { ...l, mapping };
  };
  if (opts.mapping) {
    const m = opts.mapping;
    const source = opts.source?.trim().toLowerCase();
    if (!source) throw new IngestError([fileProblem("a source name for a generic mapping (e.g. --source pinterest)")]);
    const missing = (["day", "cost", "campaign", "currency"] as const)
      .filter((f) => m[f] !== undefined && column(header, m[f]!) < 0)
      .map((f) => fileProblem(`a column "${m[f]}" for ${f}, as the mapping says (the columns are: ${header.map((h) => JSON.stringify(h)).join(", ")})`));
    if (missing.length) throw new IngestError(missing);
    const campaign = m.campaign ? column(header, m.campaign) : -1;
    return named({ ...base, preset: "generic", source, label: `${source} (generic mapping)`, day: column(header, m.day), cost: column(header, m.cost), campaign, names: campaign >= 0 ? [campaign] : [], currency: m.currency ? column(header, m.currency) : -1 });
  }
  const metaCost = header.findIndex((h) => META_COST.test(h));
  if (metaCost >= 0 && (column(header, "Day") >= 0 || column(header, "Reporting starts") >= 0)) {
    const campaign = column(header, "Campaign name");
    return named({
      ...base, preset: "meta", source: "meta", label: "Meta Ads Manager",
      day: column(header, "Day"), start: column(header, "Reporting starts"), end: column(header, "Reporting ends"),
      campaign, names: [campaign, column(header, "Ad set name"), column(header, "Ad name")].filter((i) => i >= 0),
      cost: metaCost, headerCurrency: META_COST.exec(header[metaCost])![1].toUpperCase(),
    });
  }
  const campaignAny = column(header, "Campaign", "Campaign name", "CampaignName");
  if (column(header, "Cost") >= 0 && column(header, "Campaign") >= 0 && column(header, "Currency code") >= 0) {
    return named({ ...base, preset: "google", source: "google", label: "Google Ads", day: column(header, "Day"), campaign: column(header, "Campaign"), names: [column(header, "Campaign")], cost: column(header, "Cost"), currency: column(header, "Currency code") });
  }
  const msDay = column(header, "TimePeriod", "GregorianDate", "Day", "Gregorian date", "Date");
  if (column(header, "Spend") >= 0 && campaignAny >= 0 && msDay >= 0) {
    return named({ ...base, preset: "microsoft", source: "microsoft", label: "Microsoft Advertising", day: msDay, campaign: campaignAny, names: [campaignAny], cost: column(header, "Spend"), currency: column(header, "CurrencyCode", "Currency code", "Currency") });
  }
  const ttDay = column(header, "By Day", "Date", "Day", "Stat time day");
  const ttCampaign = column(header, "Campaign name");
  if (column(header, "Cost", "Total cost") >= 0 && ttCampaign >= 0 && ttDay >= 0) {
    return named({ ...base, preset: "tiktok", source: "tiktok", label: "TikTok Ads", day: ttDay, campaign: ttCampaign, names: [ttCampaign, column(header, "Ad group name"), column(header, "Ad name")].filter((i) => i >= 0), cost: column(header, "Cost", "Total cost"), currency: column(header, "Currency") });
  }
  return null;
}

/** "March 27, 2026 - April 23, 2026" / "27 January 2026 - 23 February 2026" / "All time". */
export function parseDateRangeLine(text: string): { from: string; to: string } | "all-time" | null {
  const t = text.replace(/^"|"$/g, "").trim();
  if (/^all time$/i.test(t)) return "all-time";
  const m = /^(.+?)\s+[-–]\s+(.+)$/.exec(t);
  if (!m) return null;
  const [a, b] = [dateShape(m[1]), dateShape(m[2])];
  if (!a || !b || a.kind !== "fixed" || b.kind !== "fixed") return null;
  const from = toDay(m[1], null);
  const to = toDay(m[2], null);
  return from && to && from <= to ? { from, to } : null;
}

/** An amount spread evenly over n days; the remainder's minor units go to the first days, so the parts sum exactly. */
export function spreadEvenly(amount: bigint, days: number): bigint[] {
  const n = BigInt(days);
  const base = amount / n; // truncates toward zero
  let rest = amount - base * n;
  const unit = rest < 0n ? -1n : 1n;
  return Array.from({ length: days }, () => {
    if (rest === 0n) return base;
    rest -= unit;
    return base + unit;
  });
}

const cell = (fields: string[], i: number): string => (i >= 0 && i < fields.length ? fields[i] : "");

/** Parses an ad-spend file completely; never stores anything. Problems make the upload refusable. */
export async function parseAdSpendFile(file: SourceFile, opts: AdSpendOptions = {}): Promise<ParsedAdSpend> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { sha256, bytes } = await hashFile(file, maxBytes);
  let layout: Layout | null = null;
  const head: TableHead = requireHeader(
    await readHead(file, (h) => (layout = layoutFor(h, opts)) !== null, maxBytes),
    "a header Grip recognises: a Meta Ads Manager, Google Ads, TikTok Ads or Microsoft Advertising export, or a saved mapping (--source NAME --map day=...,cost=...,campaign=...)",
  );
  const L = layout as unknown as Layout;
  const problems = new ProblemList();
  const notes: string[] = [];
  const hdr = (i: number) => head.header[i];

  if (opts.currency && !isCurrencyCode(opts.currency)) throw new IngestError([fileProblem(`--currency as an ISO code like EUR (found ${JSON.stringify(opts.currency)})`)]);
  if (L.currency < 0 && !L.headerCurrency && !opts.currency) {
    throw new IngestError([fileProblem(`a currency: the file has no currency column, so say which currency its amounts are in (--currency EUR)`)]);
  }

  // The period stated above the header (Google Ads).
  let titledPeriod: { from: string; to: string } | null = null;
  let allTime = false;
  for (const rec of head.preamble) {
    const r = parseDateRangeLine(rec.fields.join(head.format.separator));
    if (r === "all-time") allTime = true;
    else if (r) titledPeriod = r;
  }
  if (L.day < 0 && L.start < 0 && !titledPeriod) {
    throw new IngestError([fileProblem(allTime
      ? `a report with a Day column or a fixed date range: this ${L.label} report covers "All time", so its spend cannot be placed on days (download it segmented by Day)`
      : `a Day column (or a date-range line above the header) to place the spend on days`)]);
  }

  const isSummary = (f: string[]): string | null => {
    const first = f.find((x) => x.trim() !== "") ?? "";
    if (/^total\b/i.test(first.trim())) return first.trim();
    if (L.preset === "microsoft" && /^©|^\(c\)|rights reserved/i.test(first.trim())) return first.trim();
    if (L.preset === "meta" && L.names.length > 0 && L.names.every((i) => cell(f, i).trim() === "")) return "(no campaign, ad set or ad name)";
    return null;
  };

  // Pass 1: let whole columns decide the decimal mark and the day/month order.
  const markVote = new MarkVote();
  const orderVote = new DateOrderVote();
  const dateCols = [L.day, L.start, L.end].filter((i) => i >= 0);
  for await (const batch of dataRowBatches(file, head, maxBytes)) for (const rec of batch) {
    if (isSummary(rec.fields)) continue;
    const n = readNumberCell(cell(rec.fields, L.cost));
    if (n.kind === "number") markVote.add(n.body);
    for (const i of dateCols) orderVote.add(cell(rec.fields, i));
  }
  // The merchant's answers settle ambiguity only; a value the column proves otherwise wins out
  // loudly, never silently.
  const contradicted = opts.decimalMark === "." ? markVote.comma : opts.decimalMark === "," ? markVote.dot : null;
  if (contradicted) throw new IngestError([{ row: null, column: hdr(L.cost), value: contradicted, expected: `amounts with "${opts.decimalMark}" as decimal mark, as --decimal says (this value cannot be read that way)` }]);
  const wrongOrder = opts.dateOrder === "MDY" ? orderVote.dmy : opts.dateOrder === "DMY" ? orderVote.mdy : null;
  if (wrongOrder) throw new IngestError([{ row: null, column: hdr(dateCols[0]), value: wrongOrder, expected: `dates in ${opts.dateOrder} order, as --date-order says (this one is only valid the other way round)` }]);
  const markDecision = markVote.decide(opts.decimalMark ?? null);
  let mark: DecimalMark = ".";
  if ("conflict" in markDecision) {
    throw new IngestError([{ row: null, column: hdr(L.cost), value: `${markDecision.conflict[0]} and ${markDecision.conflict[1]}`, expected: "one number format in the column (these two values use a different decimal mark)" }]);
  } else if ("ambiguous" in markDecision) {
    throw new IngestError([{ row: null, column: hdr(L.cost), value: markDecision.ambiguous, expected: "a way to tell the decimal mark: every amount in this column could be read with either \",\" or \".\" as decimal mark; say which (--decimal , or --decimal .)" }]);
  } else mark = markDecision.mark;
  const orderDecision = orderVote.decide(opts.dateOrder ?? null);
  let order: DateOrder | null = null;
  if ("conflict" in orderDecision) {
    throw new IngestError([{ row: null, column: hdr(dateCols[0]), value: `${orderDecision.conflict[0]} and ${orderDecision.conflict[1]}`, expected: "one date format in the column (the first value is only valid as day/month, the second only as month/day)" }]);
  } else if ("ambiguous" in orderDecision) {
    throw new IngestError([{ row: null, column: hdr(dateCols[0]), value: orderDecision.ambiguous, expected: "a way to tell day from month: every date in this column reads both as day/month and month/day; say which (--date-order DMY or --date-order MDY)" }]);
  } else order = orderDecision.order;

  // Pass 2: parse and sum.
  const readDay = dayReader(order);
  const sums = new Map<string, AdSpendRow>();
  const add = (day: string, campaign: string, currency: string, amount: bigint, spread: boolean) => {
    const key = `${day}\u0000${campaign}\u0000${currency}`;
    const s = sums.get(key);
    if (s) { s.amountMinor += amount; s.spread ||= spread; } else sums.set(key, { day, campaign, currency, amountMinor: amount, spread });
  };
  let rowsRead = 0;
  const skipped: string[] = [];
  let placeholders = 0;
  let spreadRows = 0;
  const span: { min: string | null; max: string | null } = { min: null, max: null };
  const seen = (d: string) => { if (!span.min || d < span.min) span.min = d; if (!span.max || d > span.max) span.max = d; };

  for await (const batch of dataRowBatches(file, head, maxBytes)) for (const rec of batch) {
    const f = rec.fields;
    const summary = isSummary(f);
    if (summary) { skipped.push(`row ${rec.line} (${summary})`); continue; }
    rowsRead++;
    const at = (i: number, value: string, expected: string) => problems.add({ row: rec.line, column: hdr(i), value, expected });

    let currency: string;
    if (L.currency >= 0) {
      currency = cell(f, L.currency).trim().toUpperCase();
      if (!isCurrencyCode(currency)) { at(L.currency, cell(f, L.currency), "a currency code such as EUR or USD"); continue; }
    } else currency = L.headerCurrency ?? opts.currency!;

    const raw = cell(f, L.cost);
    const n = readNumberCell(raw);
    let amount: bigint | null = null;
    if (n.kind === "placeholder") { amount = 0n; placeholders++; }
    else if (n.kind === "number" && !n.percent && !n.bound) {
      if (!cellCurrencyAgrees(n.currency, currency)) { at(L.cost, raw, `an amount in ${currency} (the row's currency)`); continue; }
      amount = numberToMinor(n, mark, currency);
    }
    if (amount === null) { at(L.cost, raw, `an amount such as ${mark === "," ? "1.234,56" : "1,234.56"}`); continue; }

    const campaign = L.campaign >= 0 ? cell(f, L.campaign).trim() : "";
    const dayRaw = L.day >= 0 ? cell(f, L.day) : "";
    if (L.day >= 0 && dayRaw.trim() !== "") {
      const day = readDay(dayRaw);
      if (!day) { at(L.day, dayRaw, "a date such as 2026-03-27 or 27-03-2026"); continue; }
      add(day, campaign, currency, amount, false);
      seen(day);
      // Meta's Reporting starts/ends beside a Day column give the report's range: the upload
      // covers (and replaces) that whole range, days without spend included.
      if (L.start >= 0) for (const i of [L.start, L.end]) { const d = readDay(cell(f, i)); if (d) seen(d); }
      continue;
    }
    let from: string | null = null;
    let to: string | null = null;
    if (L.start >= 0) {
      from = readDay(cell(f, L.start));
      to = readDay(cell(f, L.end));
      if (!from) { at(L.start, cell(f, L.start), "a date such as 2026-03-27"); continue; }
      if (!to) { at(L.end, cell(f, L.end), "a date such as 2026-03-27"); continue; }
      if (to < from) { at(L.end, cell(f, L.end), `a date on or after the reporting start ${from}`); continue; }
    } else if (titledPeriod) {
      ({ from, to } = titledPeriod);
    } else {
      at(L.day, dayRaw, "a date (this row has none)");
      continue;
    }
    seen(from); seen(to);
    if (from === to) { add(from, campaign, currency, amount, false); continue; }
    spreadRows++;
    const parts = spreadEvenly(amount, daysInRange(from, to));
    eachDay(from, to).forEach((d, k) => add(d, campaign, currency, parts[k], true));
  }

  if (rowsRead === 0 && problems.count === 0) problems.add(fileProblem("at least one data row below the header (this file has none)"));
  if (skipped.length) notes.push(`Skipped ${skipped.length} summary row${skipped.length === 1 ? "" : "s"} (totals the tool adds; counting them would double the spend): ${skipped.slice(0, 5).join("; ")}${skipped.length > 5 ? "; ..." : ""}.`);
  if (placeholders) notes.push(`${placeholders} row${placeholders === 1 ? "" : "s"} had no cost ("--" or "-") and count as 0.`);
  if (spreadRows) notes.push(`${spreadRows} row${spreadRows === 1 ? " is a" : "s are"} spend over a period, not one day: spread evenly over the period's days (the first days take the leftover cents).`);
  if (L.preset === "generic" && !opts.mapping?.campaign) notes.push("No campaign column mapped: spend is stored per day only.");

  const period = titledPeriod ?? (span.min && span.max ? { from: span.min, to: span.max } : null);
  if (titledPeriod && span.min && span.max && (span.min < titledPeriod.from || span.max > titledPeriod.to)) {
    problems.add(fileProblem(`days inside the report's date range ${titledPeriod.from} to ${titledPeriod.to} (rows run from ${span.min} to ${span.max})`));
  }
  const rows = [...sums.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : a.currency < b.currency ? -1 : 1));
  return {
    preset: L.preset, source: L.source, label: L.label, mapping: L.mapping,
    encoding: head.format.encoding + (head.format.bom ? " (BOM)" : ""), separator: head.format.separator,
    contentHash: sha256, bytes, dataRows: rowsRead, period, rows, notes,
    problems: problems.items, moreProblems: problems.more,
  };
}

/** Totals per day and currency (the preview's table). */
export function totalsByDayAndCurrency(rows: { day: string; currency: string; amountMinor: bigint }[]): { day: string; currency: string; amountMinor: bigint }[] {
  const m = new Map<string, { day: string; currency: string; amountMinor: bigint }>();
  for (const r of rows) {
    const k = `${r.day} ${r.currency}`;
    const t = m.get(k);
    if (t) t.amountMinor += r.amountMinor; else m.set(k, { day: r.day, currency: r.currency, amountMinor: r.amountMinor });
  }
  return [...m.values()].sort((a, b) => (a.day + a.currency < b.day + b.currency ? -1 : 1));
}

