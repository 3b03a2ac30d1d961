// Supplier bills and purchase orders: the outflows for cash flow. One bill per supplier and
// reference; a newer active upload that lists the same bill again (now paid, say) supersedes the
// older row, so merchants can re-export their payables list whenever they like.
import type { PrismaClient } from "@prisma/client";
import { parseMinor } from "../money";
import type { SourceFile } from "./csv";
import { IngestError, type Problem } from "./problems";
import { type CommitResult, activeUploadWithHash, shopOf } from "./store";
import { type FieldSpec, type ParsedTable, type TableOptions, parseTable } from "./tabular";
import { cellCurrencyAgrees } from "./values";

export const BILL_FIELDS: FieldSpec[] = [
  { field: "supplier", names: ["Supplier", "Vendor", "Leverancier", "Crediteur", "Lieferant"], type: "text", required: true },
  { field: "reference", names: ["Reference", "Invoice number", "Bill number", "PO number", "Factuurnummer", "Referentie"], type: "text", required: true },
  { field: "amount", names: ["Amount", "Total", "Amount incl. VAT", "Bedrag", "Totaal", "Bedrag incl. btw"], type: "amount", required: true },
  { field: "vat", names: ["VAT", "Tax", "BTW", "Btw", "MwSt"], type: "amount", required: false },
  { field: "currency", names: ["Currency", "Valuta"], type: "currency", required: false },
  { field: "invoiceDay", names: ["Invoice date", "Date", "Factuurdatum", "Datum"], type: "day", required: true },
  { field: "dueDay", names: ["Due date", "Vervaldatum"], type: "day", required: false },
  { field: "paidDay", names: ["Paid date", "Payment date", "Betaaldatum", "Betaald op"], type: "day", required: false },
];

export interface BillRow {
  supplier: string; reference: string; currency: string; amountMinor: bigint; vatMinor: bigint | null;
  invoiceDay: string; dueDay: string | null; paidDay: string | null;
}

export interface BillsPreview { shop: string; fileName: string; table: Omit<ParsedTable, "rows">; rows: BillRow[]; duplicateOf: number | null; problems: Problem[]; notes: string[] }

const signed = (dec: string, currency: string) => (dec.startsWith("-") ? -parseMinor(dec.slice(1), currency) : parseMinor(dec, currency));

export async function previewBills(db: PrismaClient, shop: string, file: SourceFile, opts: TableOptions & { currency?: string } = {}): Promise<BillsPreview> {
  const { currencyCode } = await shopOf(db, shop);
  const table = await parseTable(file, "a supplier bill file", BILL_FIELDS, opts);
  const problems = [...table.problems];
  const notes: string[] = [];
  if (!table.mapping.currency) notes.push(`No currency column: amounts are in ${opts.currency ?? currencyCode}.`);
  const rows: BillRow[] = [];
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const v = r.values;
    const bad = (field: string, expected: string) => problems.push({ row: r.line, column: table.mapping[field], value: v[field], expected });
    const currency = v.currency ?? opts.currency ?? currencyCode;
    if (!cellCurrencyAgrees(r.cellCurrency.amount ?? null, currency)) { bad("amount", `an amount in ${currency}`); continue; }
    const amountMinor = signed(v.amount!, currency);
    const vatMinor = v.vat ? signed(v.vat, currency) : null;
    if (vatMinor !== null && (vatMinor < 0n) !== (amountMinor < 0n) && vatMinor !== 0n) { bad("vat", "VAT with the same sign as the amount (a credit note has both negative)"); continue; }
    if (vatMinor !== null && (vatMinor < 0n ? -vatMinor : vatMinor) > (amountMinor < 0n ? -amountMinor : amountMinor)) { bad("vat", "VAT no larger than the amount (the amount includes VAT)"); continue; }
    if (v.dueDay && v.dueDay < v.invoiceDay!) { bad("dueDay", `a due date on or after the invoice date ${v.invoiceDay}`); continue; }
    const key = `${v.supplier!.toLowerCase()}|${v.reference!.toLowerCase()}`;
    if (seen.has(key)) { bad("reference", `one row per supplier and reference (also on row ${seen.get(key)})`); continue; }
    seen.set(key, r.line);
    rows.push({ supplier: v.supplier!, reference: v.reference!, currency, amountMinor, vatMinor, invoiceDay: v.invoiceDay!, dueDay: v.dueDay ?? null, paidDay: v.paidDay ?? null });
  }
  const { rows: _r, ...info } = table;
  void _r;
  return { shop, fileName: file.name, table: info, rows, duplicateOf: await activeUploadWithHash(db, shop, "supplier-bills", table.contentHash), problems, notes };
}

export async function commitBills(db: PrismaClient, p: BillsPreview): Promise<CommitResult> {
  if (p.problems.length) throw new IngestError(p.problems);
  return db.$transaction(async (tx) => {
    const dup = await activeUploadWithHash(tx, p.shop, "supplier-bills", p.table.contentHash);
    if (dup !== null) return { status: "unchanged" as const, uploadId: dup, storedRows: 0 };
    const days = p.rows.map((r) => r.invoiceDay).sort();
    const u = await tx.upload.create({ data: {
      shop: p.shop, kind: "supplier-bills", source: "bills", fileName: p.fileName, contentHash: p.table.contentHash, bytes: p.table.bytes,
      dataRows: p.rows.length, storedRows: p.rows.length, periodFrom: days[0] ?? null, periodTo: days[days.length - 1] ?? null, status: "active",
      summary: JSON.stringify({ mapping: p.table.mapping, notes: p.notes }),
    } });
    await tx.supplierBill.createMany({ data: p.rows.map((r) => ({ shop: p.shop, uploadId: u.id, ...r })) });
    return { status: "stored" as const, uploadId: u.id, storedRows: p.rows.length };
  });
}

/**
 * The bills that count (newest active upload per supplier and reference), each with the day its
 * money leaves: paid date, else due date, else invoice date (an estimate the caller can flag).
 */
export async function currentBills(db: PrismaClient, shop: string): Promise<(BillRow & { uploadId: number; outflowDay: string; outflowEstimated: boolean })[]> {
  const active = (await db.upload.findMany({ where: { shop, kind: "supplier-bills", status: "active" }, select: { id: true } })).map((u) => u.id);
  const rows = await db.supplierBill.findMany({ where: { shop, uploadId: { in: active } }, orderBy: { uploadId: "desc" } });
  const seen = new Set<string>();
  const out = [];
  for (const r of rows) {
    const key = `${r.supplier.toLowerCase()}|${r.reference.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      supplier: r.supplier, reference: r.reference, currency: r.currency, amountMinor: r.amountMinor, vatMinor: r.vatMinor,
      invoiceDay: r.invoiceDay, dueDay: r.dueDay, paidDay: r.paidDay, uploadId: r.uploadId,
      outflowDay: r.paidDay ?? r.dueDay ?? r.invoiceDay, outflowEstimated: r.paidDay === null,
    });
  }
  return out.sort((a, b) => (a.outflowDay < b.outflowDay ? -1 : a.outflowDay > b.outflowDay ? 1 : a.reference < b.reference ? -1 : 1));
}
