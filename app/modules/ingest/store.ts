// Uploads into the database: preview (what would change, stated before confirming), commit (all
// or nothing, in one transaction), list and undo. Rows are never overwritten: each belongs to its
// upload, and `AdSpend.active` says which rows count — for every source and day, those of the
// newest active upload whose period covers the day. So an overlapping upload replaces the older
// rows of its source in its period, undoing it brings them back, and re-uploading the same bytes
// is recognised by its hash and changes nothing.
import type { Prisma, PrismaClient } from "@prisma/client";
import { type AdSpendMapping, type ParsedAdSpend, totalsByDayAndCurrency } from "./adspend";
import { channelMatcher, loadChannelRules } from "./channels";
import { type ParsedRates, convertMinor } from "./fx";
import { IngestError, type Problem, fileProblem } from "./problems";

export type Tx = Prisma.TransactionClient | PrismaClient;

export interface PreparedAdRow {
  day: string;
  campaign: string;
  channel: string;
  currency: string;
  amountMinor: bigint;
  shopAmountMinor: bigint;
  fxRate: string | null;
  fxSource: string | null;
  spread: boolean;
}

export interface Replaced { uploadId: number; fileName: string; rows: number; shopAmountMinor: bigint }

export interface AdSpendPreview {
  kind: "ad-spend";
  shop: string;
  shopCurrency: string;
  fileName: string;
  parsed: Omit<ParsedAdSpend, "rows">;
  rows: PreparedAdRow[];
  totals: { day: string; currency: string; amountMinor: bigint }[];
  shopTotalMinor: bigint;
  duplicateOf: number | null; // an active upload with exactly these bytes: confirming changes nothing
  replaces: Replaced[]; // active rows of the same source in this period that this upload would replace
  problems: Problem[];
  moreProblems: number;
}

export async function shopOf(db: Tx, shop: string): Promise<{ currencyCode: string }> {
  const s = await db.shop.findUnique({ where: { domain: shop } });
  if (!s) throw new IngestError([fileProblem(`an installed shop (no shop ${JSON.stringify(shop)} in Grip's database)`)]);
  return s;
}

export async function activeUploadWithHash(db: Tx, shop: string, kind: string, hash: string): Promise<number | null> {
  const u = await db.upload.findFirst({ where: { shop, kind, contentHash: hash, status: "active" }, orderBy: { id: "desc" } });
  return u?.id ?? null;
}

/** The rate for each (day, currency) needed, from the newest active rate upload that has it. */
export async function ratesFor(db: Tx, shop: string, quote: string, needs: { day: string; currency: string }[]): Promise<Map<string, { rate: string; source: string }>> {
  const out = new Map<string, { rate: string; source: string }>();
  if (needs.length === 0) return out;
  const days = needs.map((n) => n.day).sort();
  const active = await db.upload.findMany({ where: { shop, kind: "fx-rates", status: "active" }, select: { id: true } });
  const rows = await db.fxRate.findMany({
    where: { shop, quote, base: { in: [...new Set(needs.map((n) => n.currency))] }, day: { gte: days[0], lte: days[days.length - 1] }, uploadId: { in: active.map((a) => a.id) } },
    orderBy: { uploadId: "desc" },
  });
  for (const r of rows) {
    const k = `${r.day} ${r.base}`;
    if (!out.has(k)) out.set(k, { rate: r.rate, source: `${r.source} (upload #${r.uploadId})` });
  }
  return out;
}

/** Everything the merchant sees before confirming. Writes no upload data (only seeds the default channel rules on a shop's first use). */
export async function previewAdSpend(db: PrismaClient, shop: string, fileName: string, parsed: ParsedAdSpend): Promise<AdSpendPreview> {
  const { currencyCode } = await shopOf(db, shop);
  const match = channelMatcher(await loadChannelRules(db, shop));
  const channel = match(parsed.source, "paid");
  const foreign = parsed.rows.filter((r) => r.currency !== currencyCode);
  const rates = await ratesFor(db, shop, currencyCode, foreign);
  const problems = [...parsed.problems];
  const missing = new Set<string>();
  const rows: PreparedAdRow[] = parsed.rows.map((r) => {
    if (r.currency === currencyCode) return { ...r, channel, shopAmountMinor: r.amountMinor, fxRate: null, fxSource: null };
    const rate = rates.get(`${r.day} ${r.currency}`);
    if (!rate) {
      const k = `${r.currency} ${r.day}`;
      if (!missing.has(k)) {
        missing.add(k);
        problems.push({ row: null, column: null, value: `${r.currency} on ${r.day}`, expected: `an exchange rate ${r.currency}->${currencyCode} for ${r.day}: upload a rate file (--kind fx-rates) first` });
      }
      return { ...r, channel, shopAmountMinor: 0n, fxRate: null, fxSource: null };
    }
    return { ...r, channel, shopAmountMinor: convertMinor(r.amountMinor, r.currency, currencyCode, rate.rate), fxRate: rate.rate, fxSource: rate.source };
  });
  const duplicateOf = await activeUploadWithHash(db, shop, "ad-spend", parsed.contentHash);
  const replaces: Replaced[] = [];
  if (parsed.period && duplicateOf === null) {
    const groups = await db.adSpend.groupBy({
      by: ["uploadId"],
      where: { shop, source: parsed.source, active: true, day: { gte: parsed.period.from, lte: parsed.period.to } },
      _count: { _all: true },
      _sum: { shopAmountMinor: true },
    });
    for (const g of groups) {
      const u = await db.upload.findUnique({ where: { id: g.uploadId } });
      replaces.push({ uploadId: g.uploadId, fileName: u?.fileName ?? "?", rows: g._count._all, shopAmountMinor: g._sum.shopAmountMinor ?? 0n });
    }
  }
  const { rows: _drop, ...rest } = parsed;
  void _drop;
  return {
    kind: "ad-spend", shop, shopCurrency: currencyCode, fileName, parsed: rest, rows,
    totals: totalsByDayAndCurrency(parsed.rows),
    shopTotalMinor: rows.reduce((s, r) => s + r.shopAmountMinor, 0n),
    duplicateOf, replaces, problems, moreProblems: parsed.moreProblems,
  };
}

/** For each day of this source, only the newest active upload covering it counts. */
async function recomputeActive(tx: Tx, shop: string, source: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "AdSpend" SET "active" = CASE WHEN "uploadId" = (
      SELECT u."id" FROM "Upload" u
      WHERE u."shop" = "AdSpend"."shop" AND u."kind" = 'ad-spend' AND u."source" = "AdSpend"."source"
        AND u."status" = 'active' AND "AdSpend"."day" BETWEEN u."periodFrom" AND u."periodTo"
      ORDER BY u."id" DESC LIMIT 1) THEN 1 ELSE 0 END
    WHERE "shop" = ${shop} AND "source" = ${source}`;
}

export interface CommitResult { status: "stored" | "unchanged"; uploadId: number; storedRows: number }

const jsonSafe = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/** Stores a previewed upload, all or nothing. A preview with problems is refused whole. */
export async function commitAdSpend(db: PrismaClient, preview: AdSpendPreview, mapping?: AdSpendMapping): Promise<CommitResult> {
  if (preview.problems.length > 0) throw new IngestError(preview.problems);
  const p = preview.parsed;
  if (!p.period) throw new IngestError([fileProblem("at least one dated row")]);
  return db.$transaction(async (tx) => {
    const dup = await activeUploadWithHash(tx, preview.shop, "ad-spend", p.contentHash);
    if (dup !== null) return { status: "unchanged", uploadId: dup, storedRows: 0 };
    const upload = await tx.upload.create({
      data: {
        shop: preview.shop, kind: "ad-spend", source: p.source, fileName: preview.fileName, contentHash: p.contentHash,
        bytes: p.bytes, dataRows: p.dataRows, storedRows: preview.rows.length, periodFrom: p.period!.from, periodTo: p.period!.to,
        status: "active",
        summary: jsonSafe({ preset: p.preset, label: p.label, mapping: p.mapping, notes: p.notes, encoding: p.encoding, separator: p.separator, totals: preview.totals, shopTotalMinor: preview.shopTotalMinor, replaces: preview.replaces }),
      },
    });
    const BATCH = 5000;
    for (let i = 0; i < preview.rows.length; i += BATCH) {
      await tx.adSpend.createMany({
        data: preview.rows.slice(i, i + BATCH).map((r) => ({
          shop: preview.shop, uploadId: upload.id, source: p.source, day: r.day, campaign: r.campaign, channel: r.channel,
          currency: r.currency, amountMinor: r.amountMinor, shopCurrency: preview.shopCurrency, shopAmountMinor: r.shopAmountMinor,
          fxRate: r.fxRate, fxSource: r.fxSource, spread: r.spread, active: false,
        })),
      });
    }
    await recomputeActive(tx, preview.shop, p.source);
    if (p.preset === "generic" && mapping) {
      await tx.uploadMapping.upsert({
        where: { shop_kind_source: { shop: preview.shop, kind: "ad-spend", source: p.source } },
        create: { shop: preview.shop, kind: "ad-spend", source: p.source, mapping: JSON.stringify(mapping) },
        update: { mapping: JSON.stringify(mapping) },
      });
    }
    return { status: "stored", uploadId: upload.id, storedRows: preview.rows.length };
  }, { timeout: 600_000, maxWait: 60_000 });
}

export async function loadMapping(db: PrismaClient, shop: string, kind: string, source: string): Promise<AdSpendMapping | null> {
  const m = await db.uploadMapping.findUnique({ where: { shop_kind_source: { shop, kind, source: source.toLowerCase() } } });
  return m ? (JSON.parse(m.mapping) as AdSpendMapping) : null;
}

export interface RatesPreview { shop: string; fileName: string; parsed: ParsedRates; duplicateOf: number | null; problems: Problem[] }

export async function previewRates(db: PrismaClient, shop: string, fileName: string, parsed: ParsedRates): Promise<RatesPreview> {
  await shopOf(db, shop);
  return { shop, fileName, parsed, duplicateOf: await activeUploadWithHash(db, shop, "fx-rates", parsed.contentHash), problems: parsed.problems };
}

export async function commitRates(db: PrismaClient, preview: RatesPreview): Promise<CommitResult> {
  if (preview.problems.length > 0) throw new IngestError(preview.problems);
  const p = preview.parsed;
  return db.$transaction(async (tx) => {
    const dup = await activeUploadWithHash(tx, preview.shop, "fx-rates", p.contentHash);
    if (dup !== null) return { status: "unchanged", uploadId: dup, storedRows: 0 };
    const upload = await tx.upload.create({
      data: {
        shop: preview.shop, kind: "fx-rates", source: "rates", fileName: preview.fileName, contentHash: p.contentHash, bytes: p.bytes,
        dataRows: p.dataRows, storedRows: p.rows.length, periodFrom: p.period?.from, periodTo: p.period?.to, status: "active",
        summary: JSON.stringify({ mapping: p.mapping }),
      },
    });
    await tx.fxRate.createMany({ data: p.rows.map((r) => ({ shop: preview.shop, uploadId: upload.id, ...r })) });
    return { status: "stored", uploadId: upload.id, storedRows: p.rows.length };
  });
}

export interface UploadInfo {
  id: number; kind: string; source: string; fileName: string; status: string; createdAt: Date; undoneAt: Date | null;
  periodFrom: string | null; periodTo: string | null; storedRows: number; activeRows: number;
}

export async function listUploads(db: PrismaClient, shop: string): Promise<UploadInfo[]> {
  const uploads = await db.upload.findMany({ where: { shop }, orderBy: { id: "asc" } });
  const active = await db.adSpend.groupBy({ by: ["uploadId"], where: { shop, active: true }, _count: { _all: true } });
  const activeBy = new Map(active.map((a) => [a.uploadId, a._count._all]));
  return uploads.map((u) => ({
    id: u.id, kind: u.kind, source: u.source, fileName: u.fileName, status: u.status, createdAt: u.createdAt, undoneAt: u.undoneAt,
    periodFrom: u.periodFrom, periodTo: u.periodTo, storedRows: u.storedRows,
    activeRows: u.kind === "ad-spend" ? activeBy.get(u.id) ?? 0 : u.status === "active" ? u.storedRows : 0,
  }));
}

/**
 * Undoes an upload: its rows stop counting and the rows it had replaced count again. Rows are kept
 * (marked inactive) for the audit trail. Undoing an undone upload changes nothing. Rates already
 * used to convert stored spend stay on those rows (they were the rates when the spend was stored).
 */
export async function undoUpload(db: PrismaClient, shop: string, id: number): Promise<{ status: "undone" | "unchanged" }> {
  return db.$transaction(async (tx) => {
    const u = await tx.upload.findFirst({ where: { id, shop } });
    if (!u) throw new IngestError([fileProblem(`an upload of this shop with id ${id} (there is none; see --list)`)]);
    if (u.status === "undone") return { status: "unchanged" };
    await tx.upload.update({ where: { id }, data: { status: "undone", undoneAt: new Date() } });
    if (u.kind === "ad-spend") await recomputeActive(tx, shop, u.source);
    return { status: "undone" };
  });
}

/** Counted ad spend in shop currency per day (and per source), for reports and tests. */
export async function adSpendByDay(db: PrismaClient, shop: string, range?: { from: string; to: string }): Promise<{ day: string; source: string; shopAmountMinor: bigint }[]> {
  const g = await db.adSpend.groupBy({
    by: ["day", "source"],
    where: { shop, active: true, ...(range ? { day: { gte: range.from, lte: range.to } } : {}) },
    _sum: { shopAmountMinor: true },
    orderBy: [{ day: "asc" }, { source: "asc" }],
  });
  return g.map((x) => ({ day: x.day, source: x.source, shopAmountMinor: x._sum.shopAmountMinor ?? 0n }));
}
