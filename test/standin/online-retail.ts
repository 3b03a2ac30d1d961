// The stand-in's demo shop: the UCI "Online Retail" transactions (Chen, D. (2015). Online Retail.
// UCI Machine Learning Repository, https://doi.org/10.24432/C5BW33, CC BY 4.0) mapped onto a
// Shopify-shaped Dataset. The mapping is the product owner's spec; docs/demo-data.md explains it
// with the decisions taken, and test/oracle/online_retail_oracle.py computes the figures Grip
// must show from the raw CSVs independently.
//
// Decisions (each also in the report's `decisions` and in docs/demo-data.md):
// - An order is an invoice whose number starts with a digit, made of its lines with Quantity > 0
//   and UnitPrice >= 0 whose code is not excluded. An invoice left with no such line is not an
//   order; an invoice left with only shipping lines and/or gift cards IS an order (the spec only
//   drops invoices "left with only excluded codes"; the 2011-11 reference order count needs it).
//   Price-0 lines are kept, so some orders are worth 0.00 (the reference count needs those too).
// - An invoice's time is the earliest InvoiceDate among its lines (43 invoices span two minutes).
// - Return matching: C invoices are applied in time order (ties: invoice number); their product
//   lines in file order. A line is matched to the customer's orders placed STRICTLY before the C
//   invoice, most recent first (ties: higher invoice number first); inside one order, lines with
//   that SKU are consumed in file order. Units nothing covers are reported, not refunded. The
//   lines of one C invoice matched to one order form one refund (a line item matched twice in it
//   gets one refund line item). Most-recent-first and file order are what reproduce the 2011-11
//   reference returns (oldest first: 22926.37; last line first: 22839.13; expected 22838.27);
//   strict "earlier" is the plain reading (<= gives the same 2011-11 money figures).
// - Unit prices are rounded half-up to pence (PADS at 0.001 becomes 0.00).
// - IDs: orders keep their invoice number; everything else is numbered 1..n in a stable order
//   (products by SKU; line items/shipping lines by order (processedAt, invoice number) then file
//   order; refunds and refund line items in the order the returns are applied).
// - Sales channel: sourceName "web" and attribution { handle: "web", displayName: "Online Store" }:
//   "web" is Shopify's protected source name / channel handle of the Online Store (the orders
//   filter `channel:web` matches Order.attribution.handle), not "online_store".

import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";

import { formatMinor, parseMinor } from "../../app/modules/money";
import { zonedWallTimeToInstant } from "../../app/modules/time";
import { CsvLineParser } from "./csv";
import type {
  Dataset,
  MoneyBag,
  StandinCustomer,
  StandinLineItem,
  StandinOrder,
  StandinProduct,
  StandinRefund,
  StandinRefundLineItem,
  StandinShippingLine,
} from "./dataset";

export const ONLINE_RETAIL_DIR = fileURLToPath(new URL("../../data/online-retail", import.meta.url));

const CURRENCY = "GBP";
const TIME_ZONE = "Europe/London";
const VENDOR = "Online Retail";
const SHIPPING_CODES = new Set(["POST", "DOT", "C2"]);
// Case-sensitive: "M" and "m" are both manual lines; other lower-case codes ("85123a") are products.
const EXCLUDED_CODES = new Set(["D", "M", "m", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK"]);
const GIFT_CARD_PREFIX = "gift_0001_";
const COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"] as const;

type CodeKind = "product" | "giftCard" | "shipping" | "excluded";

export function codeKind(code: string): CodeKind {
  if (SHIPPING_CODES.has(code)) return "shipping";
  if (EXCLUDED_CODES.has(code)) return "excluded";
  if (code.startsWith(GIFT_CARD_PREFIX)) return "giftCard";
  return "product";
}

export interface OnlineRetailReport {
  source: { dir: string; files: string[]; csvLines: number; records: number; invoices: number };
  mapped: {
    orders: number;
    guestOrders: number;
    /** Orders with no product line: only shipping and/or gift cards (kept as orders, see decisions). */
    ordersWithoutProducts: number;
    lineItems: number;
    productLineItems: number;
    giftCardLineItems: number;
    productUnits: number;
    shippingLines: number;
    products: number;
    giftCardProducts: number;
    customers: number;
    /** C invoices that produced at least one refund. */
    returnInvoicesMatched: number;
    refunds: number;
    refundLineItems: number;
    refundedUnits: number;
  };
  leftOut: {
    /** Invoices starting with a letter other than C ("A..." = adjust bad debt): not sales. */
    nonSalesInvoices: { invoices: number; lines: number; byPrefix: Record<string, number> };
    /** Quantity <= 0 lines in invoices that are not C invoices (stock write-offs). */
    negativeLinesOutsideC: { lines: number; units: number };
    /** UnitPrice < 0 lines in numeric invoices. */
    negativePriceLines: { lines: number };
    /** Lines with an excluded code in numeric invoices, by code. */
    excludedCodeLines: { lines: number; byCode: Record<string, number> };
    /** Numeric invoices left with no line: not orders. */
    invoicesNotOrders: { invoices: number; onlyExcludedCodes: number; onlyNegativeLines: number };
    returns: {
      returnInvoices: number;
      /** C invoices without a customer: nothing to match against. */
      withoutCustomer: { invoices: number; productLines: number; units: number };
      /** Non-product lines of C invoices (POST, D, M, gift cards, ...): not refunded line items. */
      nonProductLines: { lines: number; byCode: Record<string, number> };
      /** Quantity >= 0 lines in C invoices. */
      nonNegativeLines: number;
      /** Product units of customers' C invoices that no earlier order of theirs could cover. */
      uncoveredUnits: { lines: number; units: number };
      /** C invoices with a customer that produced no refund at all. */
      invoicesWithoutRefund: number;
    };
  };
  decisions: string[];
}

const DECISIONS = [
  "An invoice (number starting with a digit) is an order when any line survives the filters (Quantity > 0, UnitPrice >= 0, code not excluded); shipping-only and gift-card-only invoices ARE orders.",
  "An invoice's time is the earliest InvoiceDate among its lines (London wall time -> UTC instant).",
  "Returns match orders placed strictly before the C invoice, most recent first (ties: higher invoice number), lines of one order in file order; C invoices are applied in time order (ties: invoice number). One refund per (C invoice, order).",
  "Refund value = refunded units x the matched order line's unit price (the C invoice's own price is ignored).",
  "Unit prices are rounded half-up to pence.",
  "Product title = most frequent trimmed non-empty Description of its code over all lines; ties -> smallest in code-unit order; none -> the SKU. Line items carry the product title.",
  "Sales channel: sourceName 'web', attribution { handle: 'web', displayName: 'Online Store' } (Shopify's protected Online Store handle; orders filter channel:web).",
];

// ---------------------------------------------------------------------------------------------
// Reading

interface Row {
  code: string;
  desc: string; // trimmed; kept only on shipping lines (their title), "" elsewhere
  qty: number;
  wall: string; // London wall-clock "YYYY-MM-DD HH:MM:SS"
  priceText: string;
  customer: string | null; // integer as text
}

interface Invoice {
  no: string;
  rows: Row[];
}

async function listFiles(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith(".csv.gz") || n.endsWith(".csv"));
  names.sort();
  if (names.length === 0) throw new Error(`no .csv.gz or .csv files in ${dir}`);
  return names.map((n) => path.join(dir, n));
}

const customerCache = new Map<string, string | null>();

function parseCustomer(text: string, where: string): string | null {
  const hit = customerCache.get(text);
  if (hit !== undefined) return hit;
  const t = text.trim();
  if (t === "") return null;
  const m = /^(\d+)(?:\.0*)?$/.exec(t);
  if (!m) throw new Error(`${where}: CustomerID is not an integer: ${JSON.stringify(text)}`);
  const id = m[1].replace(/^0+(?=\d)/, "");
  customerCache.set(text, id);
  return id;
}

const priceCache = new Map<string, bigint>();

/** UnitPrice text -> pence, rounded half-up (parseMinor rounds half away from zero; prices here are >= 0). */
function pence(text: string): bigint {
  let v = priceCache.get(text);
  if (v === undefined) priceCache.set(text, (v = parseMinor(text, CURRENCY)));
  return v;
}

async function readInvoices(
  dir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ invoices: Map<string, Invoice>; files: string[]; csvLines: number; records: number; descriptions: Map<string, Map<string, number>> }> {
  const files = await listFiles(dir);
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let doneBytes = 0;
  let csvLines = 0;
  let records = 0;
  // Progress is in CSV records; the total is projected from the compressed bytes read so far
  // (exact once everything is read).
  const progress = () => {
    if (!onProgress || doneBytes === 0) return;
    onProgress(records, Math.max(records, Math.round((records * totalBytes) / doneBytes)));
  };
  const invoices = new Map<string, Invoice>();
  const descriptions = new Map<string, Map<string, number>>(); // code -> description -> lines
  const walls = new Map<string, string>();

  for (const file of files) {
    const raw = createReadStream(file);
    raw.on("data", (chunk) => {
      doneBytes += chunk.length;
    });
    let input: Readable = raw;
    if (file.endsWith(".gz")) {
      const gunzip = createGunzip();
      raw.on("error", (e) => gunzip.destroy(e));
      input = raw.pipe(gunzip);
    }
    const rl = createInterface({ input, crlfDelay: Infinity });
    const parser = new CsvLineParser();
    let col: number[] | null = null;
    const name = path.basename(file);
    for await (const line of rl) {
      const rec = parser.push(line);
      if (!rec) continue;
      const where = `${name}:${parser.recordLine}`;
      if (!col) {
        col = COLUMNS.map((c) => rec.indexOf(c));
        const missing = COLUMNS.filter((_, i) => col![i] < 0);
        if (missing.length) throw new Error(`${where}: missing column(s) ${missing.join(", ")}`);
        continue;
      }
      if (rec.length === 1 && rec[0] === "") continue; // blank line
      if (rec.length < COLUMNS.length) throw new Error(`${where}: expected ${COLUMNS.length} fields, got ${rec.length}`);
      if (++records % 8192 === 0) progress();
      const [iInv, iCode, iDesc, iQty, iDate, iPrice, iCust] = col;
      const no = rec[iInv].trim();
      if (no === "") throw new Error(`${where}: empty InvoiceNo`);
      const qtyText = rec[iQty].trim();
      if (!/^-?\d+$/.test(qtyText)) throw new Error(`${where}: Quantity is not an integer: ${JSON.stringify(rec[iQty])}`);
      const code = rec[iCode].trim();
      const desc = rec[iDesc].trim();
      // Strings cut from a line keep the whole line alive: keep the canonical (interned) copy.
      const wallText = rec[iDate].trim();
      let wall = walls.get(wallText);
      if (wall === undefined) {
        if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?$/.test(wallText)) throw new Error(`${where}: bad InvoiceDate ${JSON.stringify(rec[iDate])}`);
        walls.set(wallText, (wall = wallText));
      }
      const priceText = rec[iPrice].trim();
      if (!priceCache.has(priceText) && !/^-?\d+(?:\.\d+)?$/.test(priceText)) {
        throw new Error(`${where}: UnitPrice is not a decimal: ${JSON.stringify(rec[iPrice])}`);
      }
      const row: Row = {
        code,
        desc: SHIPPING_CODES.has(code) ? desc : "",
        qty: Number(qtyText),
        wall,
        priceText,
        customer: parseCustomer(rec[iCust], where),
      };
      let inv = invoices.get(no);
      if (!inv) invoices.set(no, (inv = { no, rows: [] }));
      inv.rows.push(row);
      if (desc !== "") {
        let m = descriptions.get(code);
        if (!m) descriptions.set(code, (m = new Map()));
        m.set(desc, (m.get(desc) ?? 0) + 1);
      }
    }
    parser.end();
    csvLines += parser.linesRead;
    progress();
  }
  onProgress?.(records, records);
  return { invoices, files, csvLines, records, descriptions };
}

// ---------------------------------------------------------------------------------------------
// Helpers

const instantCache = new Map<string, { ms: number; iso: string }>();
const hourOffsetCache = new Map<string, number | null>(); // "YYYY-MM-DD HH" -> offset ms, null = changes within the hour

function wallAsUtcMs(wall: string): number {
  return Date.UTC(+wall.slice(0, 4), +wall.slice(5, 7) - 1, +wall.slice(8, 10), +wall.slice(11, 13), +wall.slice(14, 16), +(wall.slice(17, 19) || 0));
}

/**
 * London wall time -> UTC instant (ms and "YYYY-MM-DDTHH:MM:SSZ"), via app/modules/time.ts.
 * Memoised per distinct string, and the zone offset per wall-clock hour when it is the same at
 * both ends of that hour (so DST-change hours always take the full conversion).
 */
function instantOf(wall: string): { ms: number; iso: string } {
  let v = instantCache.get(wall);
  if (v) return v;
  const hourKey = wall.slice(0, 13);
  let offset = hourOffsetCache.get(hourKey);
  if (offset === undefined) {
    const a = `${hourKey}:00:00`;
    const b = `${hourKey}:59:59`;
    const offA = wallAsUtcMs(a) - zonedWallTimeToInstant(a, TIME_ZONE).getTime();
    const offB = wallAsUtcMs(b) - zonedWallTimeToInstant(b, TIME_ZONE).getTime();
    offset = offA === offB ? offA : null;
    hourOffsetCache.set(hourKey, offset);
  }
  const ms = offset === null ? zonedWallTimeToInstant(wall, TIME_ZONE).getTime() : wallAsUtcMs(wall) - offset;
  v = { ms, iso: new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") };
  instantCache.set(wall, v);
  return v;
}

function earliestWall(rows: Row[]): string {
  let w = rows[0].wall;
  for (const r of rows) if (instantOf(r.wall).ms < instantOf(w).ms) w = r.wall;
  return w;
}

const bagCache = new Map<bigint, MoneyBag>();

/**
 * A GBP MoneyBag (shop = presentment). Bags are immutable values shared between equal amounts
 * (frozen, so a consumer that tried to mutate one would fail loudly): ~1M money fields cost a few
 * thousand objects instead of millions.
 */
function bag(minor: bigint): MoneyBag {
  let b = bagCache.get(minor);
  if (!b) {
    const money = Object.freeze({ amount: formatMinor(minor, CURRENCY), currencyCode: CURRENCY });
    b = Object.freeze({ shopMoney: money, presentmentMoney: money });
    bagCache.set(minor, b);
  }
  return b;
}

function isNegativeDecimal(text: string): boolean {
  return text.startsWith("-") && /[1-9]/.test(text);
}

/** Code-unit order (not locale order), so results never depend on the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Invoice numbers: numeric part, then the text (C536379 vs C536380). */
function cmpInvoice(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ""));
  const nb = Number(b.replace(/^\D+/, ""));
  return na !== nb ? na - nb : cmp(a, b);
}

function titleFor(code: string, descriptions: Map<string, Map<string, number>>): string {
  const m = descriptions.get(code);
  let best: string | null = null;
  let bestN = 0;
  if (m) {
    for (const [d, n] of m) {
      if (n > bestN || (n === bestN && best !== null && cmp(d, best) < 0)) {
        best = d;
        bestN = n;
      }
    }
  }
  return best ?? code;
}

function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

function bump<K>(m: Record<string, number>, k: string, by = 1): void {
  m[k] = (m[k] ?? 0) + by;
}

// ---------------------------------------------------------------------------------------------
// Mapping

interface KeptLine {
  kind: Exclude<CodeKind, "excluded">;
  row: Row;
  priceMinor: bigint;
}

interface PendingOrder {
  no: string;
  wall: string;
  ms: number;
  iso: string;
  customer: string | null;
  lines: KeptLine[];
}

/** A product line of an order that returns can be matched against. */
interface Refundable {
  order: StandinOrder;
  orderMs: number;
  orderNo: string;
  lineItem: StandinLineItem;
  priceMinor: bigint;
  left: number;
}

export async function loadOnlineRetail(
  dir: string = ONLINE_RETAIL_DIR,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<{ dataset: Dataset; report: OnlineRetailReport }> {
  const { invoices, files, csvLines, records, descriptions } = await readInvoices(dir, opts.onProgress);

  const report: OnlineRetailReport = {
    source: { dir, files: files.map((f) => path.basename(f)), csvLines, records, invoices: invoices.size },
    mapped: {
      orders: 0, guestOrders: 0, ordersWithoutProducts: 0, lineItems: 0, productLineItems: 0, giftCardLineItems: 0,
      productUnits: 0, shippingLines: 0, products: 0, giftCardProducts: 0, customers: 0,
      returnInvoicesMatched: 0, refunds: 0, refundLineItems: 0, refundedUnits: 0,
    },
    leftOut: {
      nonSalesInvoices: { invoices: 0, lines: 0, byPrefix: {} },
      negativeLinesOutsideC: { lines: 0, units: 0 },
      negativePriceLines: { lines: 0 },
      excludedCodeLines: { lines: 0, byCode: {} },
      invoicesNotOrders: { invoices: 0, onlyExcludedCodes: 0, onlyNegativeLines: 0 },
      returns: {
        returnInvoices: 0,
        withoutCustomer: { invoices: 0, productLines: 0, units: 0 },
        nonProductLines: { lines: 0, byCode: {} },
        nonNegativeLines: 0,
        uncoveredUnits: { lines: 0, units: 0 },
        invoicesWithoutRefund: 0,
      },
    },
    decisions: DECISIONS,
  };
  const left = report.leftOut;

  // 1. Split invoices into orders and returns.
  const pending: PendingOrder[] = [];
  const returnInvoices: { no: string; wall: string; ms: number; iso: string; customer: string | null; rows: Row[] }[] = [];
  for (const inv of invoices.values()) {
    const head = inv.no[0];
    if (head === "C") {
      const wall = earliestWall(inv.rows);
      const t = instantOf(wall);
      returnInvoices.push({ no: inv.no, wall, ms: t.ms, iso: t.iso, customer: inv.rows[0].customer, rows: inv.rows });
      continue;
    }
    if (!(head >= "0" && head <= "9")) {
      left.nonSalesInvoices.invoices++;
      left.nonSalesInvoices.lines += inv.rows.length;
      bump(left.nonSalesInvoices.byPrefix, head);
      continue;
    }
    const lines: KeptLine[] = [];
    let sawExcluded = false;
    for (const row of inv.rows) {
      if (row.qty <= 0) {
        left.negativeLinesOutsideC.lines++;
        left.negativeLinesOutsideC.units += -row.qty;
        continue;
      }
      if (isNegativeDecimal(row.priceText)) {
        left.negativePriceLines.lines++;
        continue;
      }
      const kind = codeKind(row.code);
      if (kind === "excluded") {
        sawExcluded = true;
        left.excludedCodeLines.lines++;
        bump(left.excludedCodeLines.byCode, row.code);
        continue;
      }
      lines.push({ kind, row, priceMinor: pence(row.priceText) });
    }
    if (lines.length === 0) {
      // Not an order: nothing but excluded codes (and/or write-off lines) was on it.
      left.invoicesNotOrders.invoices++;
      if (sawExcluded) left.invoicesNotOrders.onlyExcludedCodes++;
      else left.invoicesNotOrders.onlyNegativeLines++;
      continue;
    }
    const wall = earliestWall(inv.rows);
    const t = instantOf(wall);
    pending.push({ no: inv.no, wall, ms: t.ms, iso: t.iso, customer: inv.rows[0].customer, lines });
  }
  pending.sort((a, b) => a.ms - b.ms || cmpInvoice(a.no, b.no));

  // 2. Products: every product or gift-card code on an order, numbered by SKU.
  const productInfo = new Map<string, { giftCard: boolean; firstIso: string; lastIso: string; lastPrice: bigint }>();
  for (const o of pending) {
    for (const l of o.lines) {
      if (l.kind === "shipping") continue;
      const p = productInfo.get(l.row.code);
      if (!p) productInfo.set(l.row.code, { giftCard: l.kind === "giftCard", firstIso: o.iso, lastIso: o.iso, lastPrice: l.priceMinor });
      else {
        p.lastIso = o.iso; // orders are in time order, lines in file order: the last one wins
        p.lastPrice = l.priceMinor;
      }
    }
  }
  const products: StandinProduct[] = [];
  const productByCode = new Map<string, StandinProduct>();
  const handles = new Set<string>();
  for (const code of [...productInfo.keys()].sort(cmp)) {
    const info = productInfo.get(code)!;
    const n = products.length + 1;
    const title = titleFor(code, descriptions);
    const base = slugify(title) || slugify(code) || `product-${n}`;
    let handle = base;
    for (let k = 1; handles.has(handle); k++) handle = `${base}-${k}`;
    handles.add(handle);
    const product: StandinProduct = {
      id: `gid://shopify/Product/${n}`,
      title,
      handle,
      productType: info.giftCard ? "Gift card" : "",
      vendor: VENDOR,
      isGiftCard: info.giftCard,
      createdAt: info.firstIso,
      updatedAt: info.lastIso,
      variants: [{
        id: `gid://shopify/ProductVariant/${n}`,
        title: "Default Title",
        sku: code,
        price: formatMinor(info.lastPrice, CURRENCY),
        inventoryItemId: `gid://shopify/InventoryItem/${n}`,
        unitCost: null,
        createdAt: info.firstIso,
        updatedAt: info.lastIso,
      }],
    };
    products.push(product);
    productByCode.set(code, product);
    if (info.giftCard) report.mapped.giftCardProducts++;
  }

  // 3. Orders, and per customer+SKU the lines returns can draw on (most recent order first).
  const orders: StandinOrder[] = [];
  const refundable = new Map<string, Map<string, Refundable[]>>(); // customer -> SKU -> candidates
  const customerSpan = new Map<string, { first: string; orders: StandinOrder[] }>();
  let lineItemN = 0;
  let shippingLineN = 0;
  for (const o of pending) {
    const customerId = o.customer === null ? null : `gid://shopify/Customer/${o.customer}`;
    const order: StandinOrder = {
      id: `gid://shopify/Order/${o.no}`,
      name: `#${o.no}`,
      createdAt: o.iso,
      processedAt: o.iso,
      updatedAt: o.iso,
      cancelledAt: null,
      cancelReason: null,
      test: false,
      currencyCode: CURRENCY,
      presentmentCurrencyCode: CURRENCY,
      taxesIncluded: false,
      customerId,
      sourceName: "web",
      attribution: { handle: "web", displayName: "Online Store" },
      tags: [],
      lineItems: [],
      shippingLines: [],
      refunds: [],
    };
    let hasProduct = false;
    for (const l of o.lines) {
      if (l.kind === "shipping") {
        const sl: StandinShippingLine = {
          id: `gid://shopify/ShippingLine/${++shippingLineN}`,
          title: l.row.desc || l.row.code,
          code: l.row.code,
          source: null,
          originalPriceSet: bag(l.priceMinor * BigInt(l.row.qty)),
          discountAllocations: [],
        };
        order.shippingLines.push(sl);
        continue;
      }
      const product = productByCode.get(l.row.code)!;
      const giftCard = l.kind === "giftCard";
      const li: StandinLineItem = {
        id: `gid://shopify/LineItem/${++lineItemN}`,
        title: product.title,
        name: product.title,
        sku: l.row.code,
        vendor: VENDOR,
        productId: product.id,
        variantId: product.variants[0].id,
        quantity: l.row.qty,
        originalUnitPriceSet: bag(l.priceMinor),
        discountAllocations: [],
        isGiftCard: giftCard,
        requiresShipping: !giftCard,
        taxable: !giftCard,
      };
      order.lineItems.push(li);
      if (giftCard) {
        report.mapped.giftCardLineItems++;
        continue;
      }
      hasProduct = true;
      report.mapped.productLineItems++;
      report.mapped.productUnits += l.row.qty;
      if (o.customer !== null) {
        let bySku = refundable.get(o.customer);
        if (!bySku) refundable.set(o.customer, (bySku = new Map()));
        let list = bySku.get(l.row.code);
        if (!list) bySku.set(l.row.code, (list = []));
        list.push({ order, orderMs: o.ms, orderNo: o.no, lineItem: li, priceMinor: l.priceMinor, left: l.row.qty });
      }
    }
    orders.push(order);
    report.mapped.orders++;
    if (!hasProduct) report.mapped.ordersWithoutProducts++;
    if (o.customer === null) report.mapped.guestOrders++;
    else {
      const c = customerSpan.get(o.customer);
      if (!c) customerSpan.set(o.customer, { first: o.iso, orders: [order] });
      else c.orders.push(order);
    }
  }
  report.mapped.lineItems = lineItemN;
  report.mapped.shippingLines = shippingLineN;
  // Candidates were appended in (time, invoice number, file line) order. Most recent order first,
  // keeping file order inside one order: a stable sort on the order key alone.
  for (const bySku of refundable.values()) for (const list of bySku.values()) {
    list.sort((a, b) => b.orderMs - a.orderMs || cmpInvoice(b.orderNo, a.orderNo));
  }

  // 4. Returns.
  returnInvoices.sort((a, b) => a.ms - b.ms || cmpInvoice(a.no, b.no));
  let refundN = 0;
  let refundLineN = 0;
  const rr = left.returns;
  for (const c of returnInvoices) {
    rr.returnInvoices++;
    const byOrder = new Map<StandinOrder, Map<StandinLineItem, { qty: number; priceMinor: bigint }>>();
    let productLines = 0;
    let productUnits = 0;
    for (const row of c.rows) {
      const kind = codeKind(row.code);
      if (kind !== "product") {
        rr.nonProductLines.lines++;
        bump(rr.nonProductLines.byCode, row.code);
        continue;
      }
      if (row.qty >= 0) {
        rr.nonNegativeLines++;
        continue;
      }
      productLines++;
      productUnits += -row.qty;
      if (c.customer === null) continue;
      let want = -row.qty;
      for (const cand of refundable.get(c.customer)?.get(row.code) ?? []) {
        if (want === 0) break;
        if (cand.left === 0 || !(cand.orderMs < c.ms)) continue; // strictly earlier orders only
        const take = Math.min(cand.left, want);
        cand.left -= take;
        want -= take;
        let lines = byOrder.get(cand.order);
        if (!lines) byOrder.set(cand.order, (lines = new Map()));
        const got = lines.get(cand.lineItem);
        if (got) got.qty += take;
        else lines.set(cand.lineItem, { qty: take, priceMinor: cand.priceMinor });
      }
      if (want > 0) {
        rr.uncoveredUnits.lines++;
        rr.uncoveredUnits.units += want;
      }
    }
    if (c.customer === null) {
      rr.withoutCustomer.invoices++;
      rr.withoutCustomer.productLines += productLines;
      rr.withoutCustomer.units += productUnits;
      continue;
    }
    if (byOrder.size === 0) {
      rr.invoicesWithoutRefund++;
      continue;
    }
    report.mapped.returnInvoicesMatched++;
    for (const [order, lines] of byOrder) {
      const refundLineItems: StandinRefundLineItem[] = [];
      for (const [li, { qty, priceMinor }] of lines) {
        refundLineItems.push({
          id: `gid://shopify/RefundLineItem/${++refundLineN}`,
          lineItemId: li.id,
          quantity: qty,
          restockType: "RETURN",
          priceSet: bag(priceMinor),
          subtotalSet: bag(priceMinor * BigInt(qty)),
          totalTaxSet: bag(0n),
        });
        report.mapped.refundedUnits += qty;
      }
      const refund: StandinRefund = {
        id: `gid://shopify/Refund/${++refundN}`,
        createdAt: c.iso,
        processedAt: c.iso,
        updatedAt: c.iso,
        note: `Return ${c.no}`,
        refundLineItems,
        refundShippingLines: [],
      };
      order.refunds.push(refund);
      if (c.iso > order.updatedAt) order.updatedAt = c.iso; // same-format ISO strings sort by time
    }
  }
  report.mapped.refunds = refundN;
  report.mapped.refundLineItems = refundLineN;

  // 5. Customers: everyone with an order, by number.
  const customers: StandinCustomer[] = [...customerSpan.entries()]
    .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0))
    .map(([no, c]) => ({
      id: `gid://shopify/Customer/${no}`,
      createdAt: c.first,
      updatedAt: c.orders.reduce((m, o) => (o.updatedAt > m ? o.updatedAt : m), c.first),
    }));
  report.mapped.customers = customers.length;
  report.mapped.products = products.length;

  const dataset: Dataset = {
    shop: {
      domain: "online-retail-demo.myshopify.com",
      name: "Online Retail (demo)",
      email: "owner@online-retail-demo.example",
      currencyCode: CURRENCY,
      ianaTimezone: TIME_ZONE,
      // The real shop sold about £9 million a year: a Shopify Plus merchant. The plan sets the
      // stand-in's API rate limit (Plus restores 1,000 points/s), which paces the backfill's
      // refund-line reads (docs/decisions/0002).
      plan: { displayName: "Shopify Plus", shopifyPlus: true },
      enabledPresentmentCurrencies: [CURRENCY],
    },
    products,
    customers,
    orders,
  };
  return { dataset, report };
}

// ---------------------------------------------------------------------------------------------
// Report

function n(x: number): string {
  return x.toLocaleString("en-GB");
}

function byKey(m: Record<string, number>): string {
  const keys = Object.keys(m).sort(cmp);
  return keys.length ? ` (${keys.map((k) => `${k} ${n(m[k])}`).join(", ")})` : "";
}

export function formatReport(r: OnlineRetailReport): string {
  const m = r.mapped;
  const l = r.leftOut;
  const rr = l.returns;
  const out = [
    `Online Retail demo shop: ${n(r.source.records)} records in ${r.source.files.length} files (${n(r.source.invoices)} invoices) from ${r.source.dir}`,
    "Mapped:",
    `  orders                 ${n(m.orders)} (guest ${n(m.guestOrders)}; without product lines, i.e. only shipping/gift cards: ${n(m.ordersWithoutProducts)})`,
    `  line items             ${n(m.lineItems)} (products ${n(m.productLineItems)}, ${n(m.productUnits)} units; gift cards ${n(m.giftCardLineItems)})`,
    `  shipping lines         ${n(m.shippingLines)}`,
    `  products               ${n(m.products)} (gift cards ${n(m.giftCardProducts)})`,
    `  customers              ${n(m.customers)}`,
    `  refunds                ${n(m.refunds)} from ${n(m.returnInvoicesMatched)} C invoices; ${n(m.refundLineItems)} refund line items, ${n(m.refundedUnits)} units`,
    "Left out:",
    `  non-sales invoices     ${n(l.nonSalesInvoices.invoices)} invoices, ${n(l.nonSalesInvoices.lines)} lines${byKey(l.nonSalesInvoices.byPrefix)}`,
    `  negative lines outside C invoices  ${n(l.negativeLinesOutsideC.lines)} lines, ${n(l.negativeLinesOutsideC.units)} units`,
    `  negative-price lines   ${n(l.negativePriceLines.lines)}`,
    `  excluded-code lines    ${n(l.excludedCodeLines.lines)}${byKey(l.excludedCodeLines.byCode)}`,
    `  invoices not orders    ${n(l.invoicesNotOrders.invoices)} (only excluded codes ${n(l.invoicesNotOrders.onlyExcludedCodes)}, only negative lines ${n(l.invoicesNotOrders.onlyNegativeLines)})`,
    `  returns (${n(rr.returnInvoices)} C invoices):`,
    `    without customer     ${n(rr.withoutCustomer.invoices)} invoices, ${n(rr.withoutCustomer.productLines)} product lines, ${n(rr.withoutCustomer.units)} units`,
    `    non-product lines    ${n(rr.nonProductLines.lines)}${byKey(rr.nonProductLines.byCode)}`,
    `    quantity >= 0 lines  ${n(rr.nonNegativeLines)}`,
    `    uncovered units      ${n(rr.uncoveredUnits.units)} on ${n(rr.uncoveredUnits.lines)} lines (no earlier order of the customer had them left)`,
    `    no refund at all     ${n(rr.invoicesWithoutRefund)} C invoices with a customer`,
    "Decisions:",
    ...r.decisions.map((d) => `  - ${d}`),
  ];
  return out.join("\n");
}

// `npx tsx test/standin/online-retail.ts [dir]` prints the report.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  loadOnlineRetail(process.argv[2] ?? ONLINE_RETAIL_DIR)
    .then(({ report }) => {
      console.log(formatReport(report));
      console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB)`);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
