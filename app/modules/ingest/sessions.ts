// Sessions from analytics exports, for conversion rates when Grip cannot query ShopifyQL.
// Shopify Analytics: a Day, Week or Month column, "Sessions", "Online store visitors",
// "Sessions that completed checkout" (some headers end in a space). GA4: "#" comment lines with
// "Start date: 20260101", several tables in one file separated by comments and blank lines, and
// time as "Date" (20260101), "Nth day" or "Nth week" (counted from the start date). The first
// table with a time column and Sessions is read; the others are named in the notes.
import type { PrismaClient } from "@prisma/client";
import { addDays } from "../time";
import { type SourceFile, DEFAULT_MAX_BYTES, detectFormat, hashFile, readCsvBatches } from "./csv";
import { IngestError, type Problem, ProblemList, fileProblem } from "./problems";
import { type CommitResult, activeUploadWithHash, shopOf } from "./store";
import { column, normalizeHeader } from "./table";
import { DateOrderVote, dayReader, readNumberCell } from "./values";

export interface SessionRow { line: number; granularity: "day" | "week" | "month"; periodFrom: string; periodTo: string; sessions: number; visitors: number | null; checkouts: number | null }

export interface ParsedSessions {
  source: "shopify" | "ga4"; contentHash: string; bytes: number; mapping: Record<string, string>;
  rows: SessionRow[]; problems: Problem[]; moreProblems: number; notes: string[];
}

const TIME = ["Day", "Week", "Month", "Date", "Nth day", "Nth week"];

function monthEnd(day: string): string {
  const [y, m] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Sessions files are small (a row per day): the table is collected, then parsed. */
export async function parseSessionsFile(file: SourceFile, opts: { maxBytes?: number } = {}): Promise<ParsedSessions> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { sha256, bytes } = await hashFile(file, maxBytes);
  const format = await detectFormat(file);
  let startDate: string | null = null;
  let header: string[] | null = null;
  let headerLine = 0;
  const body: { line: number; fields: string[] }[] = [];
  const otherTables: string[] = [];
  let ga4 = false;
  let done = false;
  let afterComment = true; // the next non-comment record starts a table: its first line names it
  for await (const batch of readCsvBatches(file, format, maxBytes)) for (const rec of batch) {
    const first = (rec.fields[0] ?? "").trim();
    if (first.startsWith("#")) {
      ga4 = true;
      afterComment = true;
      const m = /start date:\s*(\d{8})/i.exec(rec.fields.join(","));
      if (m && !startDate) startDate = `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6, 8)}`;
      if (header) done = true; // a comment after our table ends it
      continue;
    }
    const startsTable = afterComment;
    afterComment = false;
    if (done) { if (startsTable) otherTables.push(rec.fields.join(", ")); continue; }
    const h = rec.fields.map(normalizeHeader);
    if (!header) {
      if (column(h, ...TIME) >= 0 && column(h, "Sessions") >= 0) { header = h; headerLine = rec.line; }
      else if (startsTable) otherTables.push(h.join(", "));
      continue;
    }
    body.push(rec);
  }
  if (!header) throw new IngestError([fileProblem("a sessions table: a Day, Week, Month, Date, Nth day or Nth week column and a Sessions column (Shopify Analytics or GA4 export)")]);
  const at = { time: column(header, ...TIME), sessions: column(header, "Sessions"), visitors: column(header, "Online store visitors", "Visitors", "Total users", "Users"), checkouts: column(header, "Sessions that completed checkout", "Sessions converted", "Checkouts") };
  const timeName = header[at.time].toLowerCase();
  const mapping = Object.fromEntries(Object.entries(at).filter(([, i]) => i >= 0).map(([k, i]) => [k, header![i]]));
  const notes: string[] = [];
  if (otherTables.length) notes.push(`Other tables in the file were not read (${otherTables.length}): ${otherTables.slice(0, 3).map((t) => t.slice(0, 60)).join(" | ")}`);
  if ((timeName === "nth day" || timeName === "nth week") && !startDate) throw new IngestError([fileProblem(`a "# Start date: YYYYMMDD" line above the table: "${header[at.time]}" counts from it`)]);
  const vote = new DateOrderVote();
  for (const r of body) vote.add(r.fields[at.time] ?? "");
  const d = vote.decide(null);
  if (!("order" in d)) throw new IngestError([{ row: null, column: header[at.time], value: "conflict" in d ? d.conflict.join(" and ") : d.ambiguous, expected: "dates that tell day from month" }]);
  const readDay = dayReader(d.order);
  const problems = new ProblemList();
  const rows: SessionRow[] = [];
  // Counts are whole numbers, possibly grouped ("1,234", "1.234", "1 234"): never decimals.
  const count = (raw: string | undefined): number | null | "bad" => {
    if (raw === undefined || raw.trim() === "") return null;
    const n = readNumberCell(raw);
    if (n.kind !== "number" || n.negative || n.percent || n.bound || n.currency) return "bad";
    if (!/^\d+$/.test(n.body) && !/^\d{1,3}([.,\s'’\u00a0\u202f]\d{3})+$/.test(n.body)) return "bad";
    return Number(n.body.replace(/\D/g, ""));
  };
  for (const r of body) {
    const raw = (r.fields[at.time] ?? "").trim();
    if (/^total/i.test(raw)) continue;
    let granularity: SessionRow["granularity"] = "day";
    let from: string | null = null;
    let to: string | null = null;
    if (timeName === "nth day" || timeName === "nth week") {
      if (!/^\d+$/.test(raw)) { problems.add({ row: r.line, column: header[at.time], value: raw, expected: "a whole number (0000, 0001, ...)" }); continue; }
      const step = timeName === "nth week" ? 7 : 1;
      granularity = timeName === "nth week" ? "week" : "day";
      from = addDays(startDate!, Number(raw) * step);
      to = addDays(from, step - 1);
    } else if (timeName === "month") {
      granularity = "month";
      const m = /^(\d{4})-(\d{2})(?:-01)?$/.exec(raw);
      from = m ? `${m[1]}-${m[2]}-01` : readDay(raw);
      to = from ? monthEnd(from) : null;
    } else {
      const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
      from = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : readDay(raw);
      if (timeName === "week") { granularity = "week"; to = from ? addDays(from, 6) : null; } else to = from;
    }
    if (!from || !to) { problems.add({ row: r.line, column: header[at.time], value: raw, expected: `a ${granularity} such as 2026-03-01` }); continue; }
    const sessions = count(r.fields[at.sessions]);
    const visitors = at.visitors >= 0 ? count(r.fields[at.visitors]) : null;
    const checkouts = at.checkouts >= 0 ? count(r.fields[at.checkouts]) : null;
    const badCol = sessions === null || sessions === "bad" ? at.sessions : visitors === "bad" ? at.visitors : checkouts === "bad" ? at.checkouts : -1;
    if (badCol >= 0) { problems.add({ row: r.line, column: header[badCol], value: r.fields[badCol] ?? "", expected: "a whole number of sessions or visitors" }); continue; }
    rows.push({ line: r.line, granularity, periodFrom: from, periodTo: to, sessions: sessions as number, visitors: visitors as number | null, checkouts: checkouts as number | null });
  }
  if (rows.length === 0 && problems.count === 0) problems.add({ row: headerLine, column: null, value: null, expected: "at least one row below the header" });
  return { source: ga4 ? "ga4" : "shopify", contentHash: sha256, bytes, mapping, rows, problems: problems.items, moreProblems: problems.more, notes };
}

export async function commitSessions(db: PrismaClient, shop: string, fileName: string, p: ParsedSessions): Promise<CommitResult> {
  await shopOf(db, shop);
  if (p.problems.length) throw new IngestError(p.problems);
  return db.$transaction(async (tx) => {
    const dup = await activeUploadWithHash(tx, shop, "sessions", p.contentHash);
    if (dup !== null) return { status: "unchanged" as const, uploadId: dup, storedRows: 0 };
    const days = p.rows.map((r) => r.periodFrom).sort();
    const u = await tx.upload.create({ data: {
      shop, kind: "sessions", source: p.source, fileName, contentHash: p.contentHash, bytes: p.bytes, dataRows: p.rows.length, storedRows: p.rows.length,
      periodFrom: days[0] ?? null, periodTo: p.rows.map((r) => r.periodTo).sort().pop() ?? null, status: "active", summary: JSON.stringify({ mapping: p.mapping, notes: p.notes }),
    } });
    await tx.sessionCount.createMany({ data: p.rows.map(({ line: _l, ...r }) => ({ shop, uploadId: u.id, source: p.source, ...r })) });
    return { status: "stored" as const, uploadId: u.id, storedRows: p.rows.length };
  });
}

/** Sessions per period for a source: for each period start, the newest active upload's row. */
export async function sessionsFor(db: PrismaClient, shop: string, source: "shopify" | "ga4"): Promise<{ granularity: string; periodFrom: string; periodTo: string; sessions: number; visitors: number | null; checkouts: number | null }[]> {
  const active = (await db.upload.findMany({ where: { shop, kind: "sessions", status: "active" }, select: { id: true } })).map((u) => u.id);
  const rows = await db.sessionCount.findMany({ where: { shop, source, uploadId: { in: active } }, orderBy: [{ uploadId: "desc" }] });
  const seen = new Set<string>();
  const out = [];
  for (const r of rows) {
    const k = `${r.granularity} ${r.periodFrom}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ granularity: r.granularity, periodFrom: r.periodFrom, periodTo: r.periodTo, sessions: r.sessions, visitors: r.visitors, checkouts: r.checkouts });
  }
  return out.sort((a, b) => (a.periodFrom < b.periodFrom ? -1 : a.periodFrom > b.periodFrom ? 1 : 0));
}
