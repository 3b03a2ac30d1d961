// Fulfilment and shipping invoices (3PLs and carriers: Sendcloud, ShipBob, PostNL, DHL, MyParcel,
// ...). Per-order lines are matched to orders by order name or number ("#1001", "1001"); lines
// whose reference matches no order are stored as "unmatched" and listed, never dropped; lines
// without an order are fees on their day, or spread evenly over their period when the invoice
// gives one (storage, monthly fees). Every upload keeps all its lines; the same line in two active
// uploads (an overlapping invoice export) counts once, so undoing either leaves it counted.
import type { PrismaClient } from "@prisma/client";
import { parseMinor } from "../money";
import { daysInRange, eachDay } from "../time";
import { spreadEvenly } from "./adspend";
import type { SourceFile } from "./csv";
import { convertMinor } from "./fx";
import { IngestError, type Problem, fileProblem } from "./problems";
import { type CommitResult, activeUploadWithHash, ratesFor, shopOf } from "./store";
import { type FieldSpec, type ParsedTable, type TableOptions, parseTable } from "./tabular";
import { cellCurrencyAgrees } from "./values";

export const FULFILMENT_FIELDS: FieldSpec[] = [
  { field: "day", names: ["Date", "Shipment date", "Invoice date", "Datum", "Verzenddatum", "Created at"], type: "day", required: true },
  { field: "amount", names: ["Amount", "Price", "Cost", "Total", "Bedrag", "Kosten", "Prijs", "Total charge"], type: "amount", required: true },
  { field: "orderRef", names: ["Order number", "Order name", "Order", "Order reference", "Ordernummer", "Order ID", "Store order ID"], type: "text", required: false },
  { field: "trackingRef", names: ["Tracking number", "Tracking", "Track & Trace", "Barcode", "Zendingnummer", "Tracking ID"], type: "text", required: false },
  { field: "description", names: ["Description", "Omschrijving", "Service", "Shipping method", "Product", "Charge type"], type: "text", required: false },
  { field: "currency", names: ["Currency", "Valuta"], type: "currency", required: false },
  { field: "periodFrom", names: ["Period start", "Period from", "Van", "Periode van"], type: "day", required: false },
  { field: "periodTo", names: ["Period end", "Period to", "Tot", "Periode tot"], type: "day", required: false },
];

export interface FulfilmentLine {
  line: number; kind: "order" | "unmatched" | "charge" | "period"; day: string; orderId: string | null; orderRef: string | null;
  trackingRef: string | null; description: string; currency: string; amountMinor: bigint; shopAmountMinor: bigint;
  fxRate: string | null; fxSource: string | null; lineKey: string;
}

export interface FulfilmentPreview {
  shop: string; provider: string; fileName: string; shopCurrency: string; table: Omit<ParsedTable, "rows">;
  lines: FulfilmentLine[]; unmatched: FulfilmentLine[]; alreadyStored: number; duplicateOf: number | null; problems: Problem[]; notes: string[];
}

/** The names an invoice's order reference may have in Shopify ("1001" -> "#1001"). */
function candidates(ref: string): string[] {
  const r = ref.trim();
  const bare = r.replace(/^#/, "");
  return [...new Set([r, `#${bare}`, bare])];
}

async function ordersByName(db: PrismaClient, shop: string, refs: string[]): Promise<Map<string, string>> {
  const names = [...new Set(refs.flatMap(candidates))];
  const out = new Map<string, string>();
  for (let i = 0; i < names.length; i += 500) {
    const found = await db.order.findMany({ where: { shop, name: { in: names.slice(i, i + 500) } }, select: { id: true, name: true } });
    for (const o of found) out.set(o.name, o.id);
  }
  return out;
}

export async function previewFulfilment(db: PrismaClient, shop: string, provider: string, file: SourceFile, opts: TableOptions & { currency?: string } = {}): Promise<FulfilmentPreview> {
  const { currencyCode } = await shopOf(db, shop);
  const prov = provider.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9 _.-]*$/.test(prov)) throw new IngestError([fileProblem("a provider name such as sendcloud or postnl (--source)")]);
  const table = await parseTable(file, "a fulfilment or shipping invoice", FULFILMENT_FIELDS, opts);
  const problems = [...table.problems];
  const notes: string[] = [];
  if (!table.mapping.orderRef) notes.push("No order column: lines cannot be matched to orders (tracking references are kept on the lines; matching by tracking needs fulfilment data Grip does not sync yet).");
  const orders = await ordersByName(db, shop, table.rows.map((r) => r.values.orderRef).filter((x): x is string => !!x));
  const lines: FulfilmentLine[] = [];
  for (const r of table.rows) {
    const v = r.values;
    const bad = (field: string, expected: string) => problems.push({ row: r.line, column: table.mapping[field], value: v[field], expected });
    const currency = v.currency ?? opts.currency ?? currencyCode;
    if (!cellCurrencyAgrees(r.cellCurrency.amount ?? null, currency)) { bad("amount", `an amount in ${currency}`); continue; }
    const amountMinor = v.amount!.startsWith("-") ? -parseMinor(v.amount!.slice(1), currency) : parseMinor(v.amount!, currency);
    const orderRef = v.orderRef ?? null;
    const trackingRef = v.trackingRef ?? null;
    const description = v.description ?? "";
    const base = { line: r.line, orderRef, trackingRef, description, currency, shopAmountMinor: 0n, fxRate: null, fxSource: null };
    const key = (day: string, amount: bigint) => [prov, orderRef ?? "", trackingRef ?? "", day, description, currency, amount].join("|");
    if (orderRef || trackingRef) {
      const orderId = orderRef ? candidates(orderRef).map((c) => orders.get(c)).find(Boolean) ?? null : null;
      lines.push({ ...base, kind: orderId ? "order" : "unmatched", day: v.day!, orderId, amountMinor, lineKey: key(v.day!, amountMinor) });
      continue;
    }
    if (v.periodFrom || v.periodTo) {
      if (!v.periodFrom || !v.periodTo) { bad(v.periodFrom ? "periodTo" : "periodFrom", "both ends of the period"); continue; }
      if (v.periodTo < v.periodFrom) { bad("periodTo", `a period end on or after ${v.periodFrom}`); continue; }
      const parts = spreadEvenly(amountMinor, daysInRange(v.periodFrom, v.periodTo));
      eachDay(v.periodFrom, v.periodTo).forEach((d, k) => lines.push({ ...base, kind: "period", day: d, orderId: null, amountMinor: parts[k], lineKey: `${key(d, parts[k])}|${v.periodFrom}..${v.periodTo}` }));
      continue;
    }
    lines.push({ ...base, kind: "charge", day: v.day!, orderId: null, amountMinor, lineKey: key(v.day!, amountMinor) });
  }
  const rates = await ratesFor(db, shop, currencyCode, lines.filter((l) => l.currency !== currencyCode).map((l) => ({ day: l.day, currency: l.currency })));
  for (const l of lines) {
    if (l.currency === currencyCode) { l.shopAmountMinor = l.amountMinor; continue; }
    const rate = rates.get(`${l.day} ${l.currency}`);
    if (!rate) { problems.push({ row: l.line, column: null, value: `${l.currency} on ${l.day}`, expected: `an exchange rate ${l.currency}->${currencyCode} for ${l.day} (upload a rate file first)` }); continue; }
    Object.assign(l, { shopAmountMinor: convertMinor(l.amountMinor, l.currency, currencyCode, rate.rate), fxRate: rate.rate, fxSource: rate.source });
  }
  // Identical lines within one file (two parcels, same order, day and price) stay distinct.
  const occurrences = new Map<string, number>();
  for (const l of lines) {
    const n = (occurrences.get(l.lineKey) ?? 0) + 1;
    occurrences.set(l.lineKey, n);
    l.lineKey = `${l.lineKey}#${n}`;
  }
  // Lines an active upload already holds (an overlapping invoice export) are stored but count once.
  const active = (await db.upload.findMany({ where: { shop, kind: "fulfilment", status: "active" }, select: { id: true } })).map((u) => u.id);
  const keys = [...new Set(lines.map((l) => l.lineKey))];
  const stored = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const f of await db.fulfilmentCost.findMany({ where: { shop, lineKey: { in: keys.slice(i, i + 500) }, uploadId: { in: active } }, select: { lineKey: true } })) stored.add(f.lineKey);
  }
  const fresh = lines.filter((l) => !stored.has(l.lineKey));
  const alreadyStored = lines.length - fresh.length;
  if (alreadyStored) notes.push(`${alreadyStored} line${alreadyStored === 1 ? " is" : "s are"} already in an earlier upload: kept with this upload too, counted once.`);
  const unmatched = fresh.filter((l) => l.kind === "unmatched");
  if (unmatched.length) notes.push(`${unmatched.length} line${unmatched.length === 1 ? "" : "s"} match no order: stored as unmatched costs and listed below.`);
  const periods = table.rows.filter((r) => !r.values.orderRef && !r.values.trackingRef && r.values.periodFrom).length;
  if (periods) notes.push(`${periods} period charge${periods === 1 ? "" : "s"} spread evenly over ${periods === 1 ? "its" : "their"} days.`);
  const { rows: _r, ...info } = table;
  void _r;
  return { shop, provider: prov, fileName: file.name, shopCurrency: currencyCode, table: info, lines, unmatched, alreadyStored, duplicateOf: await activeUploadWithHash(db, shop, "fulfilment", table.contentHash), problems, notes };
}

export async function commitFulfilment(db: PrismaClient, p: FulfilmentPreview): Promise<CommitResult> {
  if (p.problems.length) throw new IngestError(p.problems);
  return db.$transaction(async (tx) => {
    const dup = await activeUploadWithHash(tx, p.shop, "fulfilment", p.table.contentHash);
    if (dup !== null) return { status: "unchanged" as const, uploadId: dup, storedRows: 0 };
    const days = p.lines.map((l) => l.day).sort();
    const u = await tx.upload.create({ data: {
      shop: p.shop, kind: "fulfilment", source: p.provider, fileName: p.fileName, contentHash: p.table.contentHash, bytes: p.table.bytes,
      dataRows: p.lines.length, storedRows: p.lines.length, periodFrom: days[0] ?? null, periodTo: days[days.length - 1] ?? null, status: "active",
      summary: JSON.stringify({ mapping: p.table.mapping, notes: p.notes }),
    } });
    await tx.fulfilmentCost.createMany({ data: p.lines.map(({ line: _l, ...l }) => ({ shop: p.shop, uploadId: u.id, provider: p.provider, shopCurrency: p.shopCurrency, ...l })) });
    return { status: "stored" as const, uploadId: u.id, storedRows: p.lines.length };
  });
}

/** Fulfilment cost (shop currency) per day and kind: active uploads, each line key once. */
export async function fulfilmentByDay(db: PrismaClient, shop: string): Promise<{ day: string; kind: string; shopAmountMinor: bigint }[]> {
  const rows = await db.$queryRaw<{ day: string; kind: string; amount: bigint | number }[]>`
    SELECT f."day" AS day, f."kind" AS kind, SUM(f."shopAmountMinor") AS amount
    FROM "FulfilmentCost" f JOIN "Upload" u ON u."id" = f."uploadId" AND u."status" = 'active'
    WHERE f."shop" = ${shop} AND NOT EXISTS (
      SELECT 1 FROM "FulfilmentCost" g JOIN "Upload" v ON v."id" = g."uploadId" AND v."status" = 'active'
      WHERE g."shop" = f."shop" AND g."lineKey" = f."lineKey" AND g."id" < f."id")
    GROUP BY f."day", f."kind" ORDER BY f."day", f."kind"`;
  return rows.map((r) => ({ day: r.day, kind: r.kind, shopAmountMinor: BigInt(r.amount) }));
}
