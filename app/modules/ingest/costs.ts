// Product costs: a cost history per variant (id or SKU). Each row says what one unit costs from
// its effective-from day on; gross profit for an order uses the cost in force on the order's day,
// and Shopify's own unit cost (OrderLine.unitCostAmount) when Grip has none. Shopify's product
// export works as it is ("Variant SKU", "Cost per item"; give --effective-from, the export's date).
import type { PrismaClient } from "@prisma/client";
import { parseMinor } from "../money";
import { isDay } from "../time";
import type { SourceFile } from "./csv";
import { convertMinor } from "./fx";
import { IngestError, type Problem, fileProblem } from "./problems";
import { type CommitResult, activeUploadWithHash, ratesFor, shopOf } from "./store";
import { type FieldSpec, type ParsedTable, type TableOptions, parseTable } from "./tabular";
import { cellCurrencyAgrees } from "./values";

export const COST_FIELDS: FieldSpec[] = [
  { field: "variantId", names: ["Variant ID", "Variant id", "variant_id", "VariantId"], type: "text", required: false },
  { field: "sku", names: ["SKU", "Variant SKU", "sku", "Artikelnummer"], type: "text", required: false },
  { field: "unitCost", names: ["Unit cost", "Cost per item", "Cost", "Kostprijs", "Inkoopprijs"], type: "amount", required: true, emptyOk: true },
  { field: "currency", names: ["Currency", "Valuta"], type: "currency", required: false },
  { field: "effectiveFrom", names: ["Effective from", "Valid from", "Effective date", "Ingangsdatum", "Geldig vanaf"], type: "day", required: false },
];

export interface CostRow {
  line: number; variantId: string | null; sku: string | null; effectiveFrom: string; currency: string; unitCostMinor: bigint;
  shopUnitCostMinor: bigint; fxRate: string | null; fxSource: string | null;
}

export interface CostsPreview {
  shop: string; fileName: string; shopCurrency: string; table: Omit<ParsedTable, "rows">; rows: CostRow[];
  duplicateOf: number | null; problems: Problem[]; notes: string[];
}

/** "12345" or a gid -> the gid Grip stores on order lines. */
export function variantGid(raw: string): string | null {
  if (/^\d+$/.test(raw)) return `gid://shopify/ProductVariant/${raw}`;
  if (/^gid:\/\/shopify\/ProductVariant\/\d+$/.test(raw)) return raw;
  return null;
}

export async function previewCosts(
  db: PrismaClient, shop: string, file: SourceFile,
  opts: TableOptions & { currency?: string; effectiveFrom?: string } = {},
): Promise<CostsPreview> {
  const { currencyCode } = await shopOf(db, shop);
  const table = await parseTable(file, "a product cost file", COST_FIELDS, opts);
  const problems = [...table.problems];
  const notes: string[] = [];
  if (!table.mapping.variantId && !table.mapping.sku) throw new IngestError([fileProblem("a SKU or Variant ID column to say which product each cost is for")]);
  if (!table.mapping.effectiveFrom) {
    if (!opts.effectiveFrom || !isDay(opts.effectiveFrom)) throw new IngestError([fileProblem("an effective-from date: an \"Effective from\" column, or --effective-from YYYY-MM-DD for the whole file (e.g. the day of a Shopify product export)")]);
    notes.push(`Every cost applies from ${opts.effectiveFrom} (--effective-from).`);
  }
  if (!table.mapping.currency) notes.push(`No currency column: costs are in ${opts.currency ?? currencyCode}${opts.currency ? " (--currency)" : ", the shop currency"}.`);
  const rows: CostRow[] = [];
  const seen = new Map<string, number>();
  let imageRows = 0;
  let noCost = 0;
  for (const r of table.rows) {
    const v = r.values;
    // Shopify's export has extra rows per product image (no SKU, no cost), and variants without a
    // cost: neither is an error, both are counted in the notes.
    if (!v.variantId && !v.sku && !v.unitCost) { imageRows++; continue; }
    if (!v.unitCost) { noCost++; continue; }
    const bad = (column: string, value: string | null, expected: string) => problems.push({ row: r.line, column, value, expected });
    const variantId = v.variantId ? variantGid(v.variantId) : null;
    if (v.variantId && !variantId) { bad(table.mapping.variantId, v.variantId, "a Shopify variant id (digits, or gid://shopify/ProductVariant/...)"); continue; }
    const sku = v.sku ?? null;
    if (!variantId && !sku) { bad(table.mapping.sku ?? table.mapping.variantId, "", "a SKU or variant id on every row"); continue; }
    const currency = v.currency ?? opts.currency ?? currencyCode;
    if (!cellCurrencyAgrees(r.cellCurrency.unitCost ?? null, currency)) { bad(table.mapping.unitCost, v.unitCost, `a cost in ${currency}`); continue; }
    const unitCostMinor = parseMinor(v.unitCost!.replace(/^-/, ""), currency) * (v.unitCost!.startsWith("-") ? -1n : 1n);
    if (unitCostMinor < 0n) { bad(table.mapping.unitCost, v.unitCost, "a cost of 0 or more"); continue; }
    const effectiveFrom = v.effectiveFrom ?? opts.effectiveFrom!;
    const key = `${variantId ?? ""}|${sku ?? ""}|${effectiveFrom}`;
    if (seen.has(key)) { bad(table.mapping.sku ?? table.mapping.variantId, sku ?? variantId, `one cost per product and effective-from day (also on row ${seen.get(key)})`); continue; }
    seen.set(key, r.line);
    rows.push({ line: r.line, variantId, sku, effectiveFrom, currency, unitCostMinor, shopUnitCostMinor: unitCostMinor, fxRate: null, fxSource: null });
  }
  if (imageRows) notes.push(`${imageRows} row${imageRows === 1 ? "" : "s"} without product and cost skipped (image rows of a Shopify export).`);
  if (noCost) notes.push(`${noCost} product${noCost === 1 ? "" : "s"} without a cost: Shopify's unit cost stays in use for them.`);
  const foreign = rows.filter((r) => r.currency !== currencyCode).map((r) => ({ day: r.effectiveFrom, currency: r.currency }));
  const rates = await ratesFor(db, shop, currencyCode, foreign);
  for (const r of rows) {
    if (r.currency === currencyCode) continue;
    const rate = rates.get(`${r.effectiveFrom} ${r.currency}`);
    if (!rate) { problems.push({ row: r.line, column: null, value: `${r.currency} on ${r.effectiveFrom}`, expected: `an exchange rate ${r.currency}->${currencyCode} for ${r.effectiveFrom} (upload a rate file first)` }); continue; }
    Object.assign(r, { shopUnitCostMinor: convertMinor(r.unitCostMinor, r.currency, currencyCode, rate.rate), fxRate: rate.rate, fxSource: rate.source });
  }
  const { rows: _rows, ...tableInfo } = table;
  void _rows;
  return { shop, fileName: file.name, shopCurrency: currencyCode, table: tableInfo, rows, duplicateOf: await activeUploadWithHash(db, shop, "product-costs", table.contentHash), problems, notes };
}

export async function commitCosts(db: PrismaClient, p: CostsPreview): Promise<CommitResult> {
  if (p.problems.length) throw new IngestError(p.problems);
  return db.$transaction(async (tx) => {
    const dup = await activeUploadWithHash(tx, p.shop, "product-costs", p.table.contentHash);
    if (dup !== null) return { status: "unchanged" as const, uploadId: dup, storedRows: 0 };
    const days = p.rows.map((r) => r.effectiveFrom).sort();
    const u = await tx.upload.create({ data: {
      shop: p.shop, kind: "product-costs", source: "costs", fileName: p.fileName, contentHash: p.table.contentHash, bytes: p.table.bytes,
      dataRows: p.rows.length, storedRows: p.rows.length, periodFrom: days[0] ?? null, periodTo: days[days.length - 1] ?? null, status: "active",
      summary: JSON.stringify({ mapping: p.table.mapping, notes: p.notes }),
    } });
    await tx.productCost.createMany({ data: p.rows.map(({ line: _l, ...r }) => ({ shop: p.shop, uploadId: u.id, shopCurrency: p.shopCurrency, ...r })) });
    return { status: "stored" as const, uploadId: u.id, storedRows: p.rows.length };
  });
}

/**
 * The unit cost (shop currency) in force on `day` for a variant: by variant id first, then SKU;
 * the latest effective-from on or before the day, the newest active upload breaking ties. Null:
 * Grip has no uploaded cost, so the caller falls back to Shopify's unit cost.
 */
export async function unitCostAt(db: PrismaClient, shop: string, product: { variantId?: string | null; sku?: string | null }, day: string): Promise<{ shopUnitCostMinor: bigint; effectiveFrom: string; uploadId: number } | null> {
  const active = (await db.upload.findMany({ where: { shop, kind: "product-costs", status: "active" }, select: { id: true } })).map((u) => u.id);
  for (const where of [product.variantId ? { variantId: product.variantId } : null, product.sku ? { sku: product.sku } : null]) {
    if (!where) continue;
    const row = await db.productCost.findFirst({
      where: { shop, ...where, effectiveFrom: { lte: day }, uploadId: { in: active } },
      orderBy: [{ effectiveFrom: "desc" }, { uploadId: "desc" }],
    });
    if (row) return { shopUnitCostMinor: row.shopUnitCostMinor, effectiveFrom: row.effectiveFrom, uploadId: row.uploadId };
  }
  return null;
}
