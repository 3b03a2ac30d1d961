// The demo shop loader (test/standin/online-retail.ts) against
// - the independent Python oracle's figures (test/fixtures/online-retail-expected.json), summed
//   here from the Dataset with plain loops (no Grip app code), for every month, every day of
//   2011-11 and the whole period;
// - small hand-written CSVs for the edge cases of the mapping (docs/demo-data.md).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Dataset, MoneyBag, StandinOrder } from "../standin/dataset";
import { formatReport, loadOnlineRetail, type OnlineRetailReport } from "../standin/online-retail";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXPECTED = path.join(ROOT, "test", "fixtures", "online-retail-expected.json");
const ORACLE = path.join(ROOT, "test", "oracle", "online_retail_oracle.py");

// ---------------------------------------------------------------------------------------------
// A small, independent aggregation of a Dataset (the oracle's definitions, docs/demo-data.md).

interface Figures {
  orders: number;
  gross_sales: string;
  shipping: string;
  returns: string;
  net_sales: string;
  units_sold: number;
  units_returned: number;
  average_order_value: string | null;
}

const londonDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

const dayCache = new Map<string, string>();

/** "2011-11-03T09:12:00Z" -> "2011-11-03" in London. (Plain checks, not expect(): ~1M calls.) */
function dayOf(iso: string): string {
  let d = dayCache.get(iso);
  if (d === undefined) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(iso)) throw new Error(`not an ISO UTC time: ${iso}`);
    dayCache.set(iso, (d = londonDay.format(new Date(iso))));
  }
  return d;
}

function pence(b: MoneyBag): bigint {
  const s = b.shopMoney;
  const p = b.presentmentMoney;
  if (s.currencyCode !== "GBP" || p.currencyCode !== "GBP" || p.amount !== s.amount) throw new Error(`not a GBP bag: ${JSON.stringify(b)}`);
  const m = /^(\d+)\.(\d{2})$/.exec(s.amount);
  if (!m) throw new Error(`not a GBP amount: ${s.amount}`);
  return BigInt(m[1]) * 100n + BigInt(m[2]);
}

function gbp(p: bigint): string {
  const neg = p < 0n;
  const a = neg ? -p : p;
  return `${neg ? "-" : ""}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
}

interface Acc { orders: number; gross: bigint; shipping: bigint; returns: bigint; unitsSold: number; unitsReturned: number }
const acc = (): Acc => ({ orders: 0, gross: 0n, shipping: 0n, returns: 0n, unitsSold: 0, unitsReturned: 0 });

function finish(a: Acc): Figures {
  const aov = a.orders === 0 ? null : gbp((a.gross * 2n + BigInt(a.orders)) / (2n * BigInt(a.orders))); // half-up
  return {
    orders: a.orders,
    gross_sales: gbp(a.gross),
    shipping: gbp(a.shipping),
    returns: gbp(a.returns),
    net_sales: gbp(a.gross - a.returns),
    units_sold: a.unitsSold,
    units_returned: a.unitsReturned,
    average_order_value: aov,
  };
}

/** Figures per London month ("2011-11"), per London day ("2011-11-03") and in total. */
function aggregate(ds: Dataset): { months: Record<string, Figures>; days: Record<string, Figures>; total: Figures } {
  const buckets = new Map<string, Acc>();
  const total = acc();
  const touch = (day: string): Acc[] => {
    const out = [total];
    for (const k of [day.slice(0, 7), day]) {
      let b = buckets.get(k);
      if (!b) buckets.set(k, (b = acc()));
      out.push(b);
    }
    return out;
  };
  for (const o of ds.orders) {
    const orderDay = dayOf(o.processedAt);
    for (const b of touch(orderDay)) b.orders++;
    const unitPrice = new Map<string, bigint>();
    for (const li of o.lineItems) {
      unitPrice.set(li.id, pence(li.originalUnitPriceSet));
      if (li.isGiftCard) continue;
      for (const b of touch(orderDay)) {
        b.gross += BigInt(li.quantity) * pence(li.originalUnitPriceSet);
        b.unitsSold += li.quantity;
      }
    }
    for (const sl of o.shippingLines) for (const b of touch(orderDay)) b.shipping += pence(sl.originalPriceSet);
    for (const r of o.refunds) {
      const refundDay = dayOf(r.processedAt);
      for (const rl of r.refundLineItems) {
        for (const b of touch(refundDay)) b.returns += pence(rl.subtotalSet);
        for (const b of touch(orderDay)) b.unitsReturned += rl.quantity;
      }
    }
  }
  const months: Record<string, Figures> = {};
  const days: Record<string, Figures> = {};
  for (const [k, b] of [...buckets].sort()) (k.length === 7 ? months : days)[k] = finish(b);
  return { months, days, total: finish(total) };
}

/** Every day of 2011-11, a day without activity as zeros (the oracle's layout). */
function novemberDays(days: Record<string, Figures>): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  for (let d = 1; d <= 30; d++) {
    const day = `2011-11-${String(d).padStart(2, "0")}`;
    out[day] = days[day] ?? finish(acc());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The full dataset against the oracle.

interface Expected {
  csvRecords: number;
  stats: Record<string, number>;
  total: Figures;
  months: Record<string, Figures>;
  days: Record<string, Figures>;
}

describe("Online Retail demo shop: the loader agrees with the oracle", () => {
  let dataset: Dataset;
  let report: OnlineRetailReport;
  let figures: ReturnType<typeof aggregate>;
  const expected: Expected = JSON.parse(readFileSync(EXPECTED, "utf8"));
  let seconds = 0;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    const t0 = Date.now();
    ({ dataset, report } = await loadOnlineRetail(undefined, { onProgress: (d, t) => progress.push([d, t]) }));
    seconds = (Date.now() - t0) / 1000;
    console.log(`loadOnlineRetail: ${seconds.toFixed(1)} s`);
    figures = aggregate(dataset);
  });

  it("loads all 541,909 lines in a few seconds and reports progress", () => {
    expect(report.source.records).toBe(541_909);
    expect(report.source.records).toBe(expected.csvRecords);
    expect(seconds).toBeLessThan(30); // ~4 s on an idle laptop; generous for a loaded CI box
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual([541_909, 541_909]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
  });

  it("reproduces the product owner's 2011-11 reference figures", () => {
    const nov = figures.months["2011-11"];
    expect(nov.orders).toBe(2874);
    expect(nov.gross_sales).toBe("1457745.53");
    expect(nov.returns).toBe("22838.27");
    expect(nov.net_sales).toBe("1434907.26");
    expect(nov.shipping).toBe("48408.38");
  });

  it("equals the oracle for every month", () => {
    expect(Object.keys(figures.months)).toEqual(Object.keys(expected.months));
    for (const m of Object.keys(expected.months)) expect({ month: m, ...figures.months[m] }).toEqual({ month: m, ...expected.months[m] });
  });

  it("equals the oracle for every day of 2011-11", () => {
    const novDays = novemberDays(figures.days);
    expect(Object.keys(novDays)).toHaveLength(30);
    expect(Object.keys(novDays)).toEqual(Object.keys(expected.days));
    for (const d of Object.keys(expected.days)) expect({ day: d, ...novDays[d] }).toEqual({ day: d, ...expected.days[d] });
  });

  it("equals the oracle for the whole period", () => {
    expect(figures.total).toEqual(expected.total);
  });

  it("reports the same left-out counts as the oracle", () => {
    const s = expected.stats;
    const l = report.leftOut;
    expect(report.mapped.refundedUnits).toBe(s.refunded_units);
    expect(l.returns.uncoveredUnits.units).toBe(s.return_units_unmatched);
    expect(l.returns.withoutCustomer.units).toBe(s.return_units_no_customer);
    expect(l.returns.nonProductLines.lines).toBe(s.return_lines_not_products);
    expect(l.excludedCodeLines.lines).toBe(s.skipped_excluded_code_lines);
    expect(l.negativeLinesOutsideC.lines).toBe(s.skipped_negative_lines_outside_C);
    expect(l.nonSalesInvoices.invoices).toBe(s.skipped_non_sales_invoices);
    expect(l.invoicesNotOrders.invoices).toBe(s.invoices_not_orders);
    expect(report.mapped.orders).toBe(expected.total.orders);
    expect(report.mapped.productUnits).toBe(expected.total.units_sold);
  });

  it("builds a consistent dataset", () => {
    expect(dataset.shop).toMatchObject({ domain: "online-retail-demo.myshopify.com", name: "Online Retail (demo)", currencyCode: "GBP", ianaTimezone: "Europe/London" });
    // Plain checks collected into one list (an expect() per line item would take minutes).
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    const productIds = new Set(dataset.products.map((p) => p.id));
    const variantIds = new Set(dataset.products.flatMap((p) => p.variants.map((v) => v.id)));
    const customerIds = new Set(dataset.customers.map((c) => c.id));
    const ids = new Set<string>();
    const unique = (id: string) => {
      check(!ids.has(id), `duplicate id ${id}`);
      ids.add(id);
    };
    for (const p of dataset.products) unique(p.id);
    let refunds = 0;
    for (const o of dataset.orders) {
      unique(o.id);
      check(o.name === `#${o.id.split("/").pop()}`, `${o.id}: name ${o.name}`);
      check(o.sourceName === "web" && o.attribution.handle === "web" && o.attribution.displayName === "Online Store", `${o.id}: channel`);
      check(o.customerId === null || customerIds.has(o.customerId), `${o.id}: unknown customer ${o.customerId}`);
      check(o.lineItems.length + o.shippingLines.length > 0, `${o.id}: empty order`);
      check(o.createdAt === o.processedAt, `${o.id}: createdAt != processedAt`);
      const lineById = new Map(o.lineItems.map((li) => [li.id, li]));
      const refunded = new Map<string, number>();
      let latest = o.createdAt;
      for (const li of o.lineItems) {
        unique(li.id);
        check(productIds.has(li.productId!) && variantIds.has(li.variantId!), `${li.id}: unknown product/variant`);
        check(Number.isInteger(li.quantity) && li.quantity > 0, `${li.id}: quantity ${li.quantity}`);
      }
      for (const sl of o.shippingLines) unique(sl.id);
      for (const r of o.refunds) {
        unique(r.id);
        refunds++;
        check(r.processedAt > o.processedAt, `${r.id}: not after its order`);
        if (r.processedAt > latest) latest = r.processedAt;
        check(r.refundLineItems.length > 0, `${r.id}: empty refund`);
        for (const rl of r.refundLineItems) {
          unique(rl.id);
          const li = lineById.get(rl.lineItemId);
          if (!li) {
            check(false, `${rl.id}: line item ${rl.lineItemId} not on ${o.id}`);
            continue;
          }
          check(!li.isGiftCard && rl.restockType === "RETURN", `${rl.id}: gift card or not RETURN`);
          check(pence(rl.priceSet) === pence(li.originalUnitPriceSet), `${rl.id}: price differs from the line's`);
          check(pence(rl.subtotalSet) === pence(rl.priceSet) * BigInt(rl.quantity), `${rl.id}: subtotal != qty x price`);
          refunded.set(li.id, (refunded.get(li.id) ?? 0) + rl.quantity);
        }
      }
      for (const [id, q] of refunded) check(q <= lineById.get(id)!.quantity, `${id}: refunded ${q} > ordered`);
      check(o.updatedAt === latest, `${o.id}: updatedAt ${o.updatedAt}, expected ${latest}`);
    }
    expect(problems).toEqual([]);
    expect(refunds).toBe(report.mapped.refunds);
    expect(dataset.customers.length).toBe(report.mapped.customers);
    expect(dataset.products.length).toBe(report.mapped.products);
    expect(dataset.orders.reduce((n, o) => n + o.lineItems.length, 0)).toBe(report.mapped.lineItems);
  });

  it("formats a readable report", () => {
    const text = formatReport(report);
    expect(text).toContain("orders                 20,626");
    expect(text).toContain("Left out:");
    expect(text).toContain("uncovered units");
    expect(text).toContain("shipping-only and gift-card-only invoices ARE orders");
  });
});

// ---------------------------------------------------------------------------------------------
// Edge cases on hand-written CSV snippets.

const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
type Line = [invoice: string, code: string, description: string, qty: number, date: string, price: string, customer: string];

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Write the lines as one or more monthly .csv.gz files in a fresh temp dir. */
function writeCsv(files: Record<string, Line[] | string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "online-retail-"));
  dirs.push(dir);
  for (const [name, lines] of Object.entries(files)) {
    const text = typeof lines === "string"
      ? lines
      : [HEADER, ...lines.map(([inv, code, desc, q, date, price, cust]) => [inv, code, csvField(desc), String(q), date, price, cust, "United Kingdom"].join(","))].join("\n") + "\n";
    writeFileSync(path.join(dir, `${name}.csv.gz`), gzipSync(Buffer.from(text, "utf8")));
  }
  return dir;
}

async function load(lines: Line[]) {
  return loadOnlineRetail(writeCsv({ "online-retail-2011-01": lines }));
}

function order(ds: Dataset, no: string): StandinOrder {
  const o = ds.orders.find((x) => x.id === `gid://shopify/Order/${no}`);
  if (!o) throw new Error(`no order ${no}`);
  return o;
}

const amount = (b: MoneyBag) => b.shopMoney.amount;

describe("Online Retail loader: edge cases", () => {
  it("parses quoted descriptions with commas and quotes; the product title is the most frequent description", async () => {
    const { dataset } = await load([
      ["100001", "22760", "TRAY, BREAKFAST IN BED", 1, "2011-01-04 10:00:00", "12.75", "12345.0"],
      ["100001", "90214D", 'LETTER "D" BLING KEY RING', 2, "2011-01-04 10:00:00", "0.85", "12345.0"],
      ["100002", "22760", "TRAY,BREAKFAST IN BED ", 1, "2011-01-05 10:00:00", "12.75", "12345.0"],
      ["100003", "22760", "TRAY, BREAKFAST IN BED", 1, "2011-01-06 10:00:00", "12.75", ""],
      // a tie (one each): the smallest in code-unit order wins, so upper-case names beat "damaged"
      ["100004", "84809B", "PINK CHRYSANTHEMUMS ART FLOWER", 1, "2011-01-06 11:00:00", "1.00", ""],
      ["100005", "84809B", "damaged", -3, "2011-01-06 12:00:00", "0", ""],
    ]);
    const byCode = new Map(dataset.products.map((p) => [p.variants[0].sku, p]));
    expect(byCode.get("22760")!.title).toBe("TRAY, BREAKFAST IN BED");
    expect(byCode.get("90214D")!.title).toBe('LETTER "D" BLING KEY RING');
    expect(byCode.get("84809B")!.title).toBe("PINK CHRYSANTHEMUMS ART FLOWER");
    expect(order(dataset, "100001").lineItems.map((li) => [li.sku, li.title, li.quantity, amount(li.originalUnitPriceSet)])).toEqual([
      ["22760", "TRAY, BREAKFAST IN BED", 1, "12.75"],
      ["90214D", 'LETTER "D" BLING KEY RING', 2, "0.85"],
    ]);
    expect(order(dataset, "100001").customerId).toBe("gid://shopify/Customer/12345");
    expect(order(dataset, "100003").customerId).toBeNull();
  });

  it("refunds a C invoice across two earlier orders, most recent first, at their own prices", async () => {
    const { dataset, report } = await load([
      ["200001", "21212", "PACK OF 72 RETROSPOT CAKE CASES", 5, "2011-01-03 09:00:00", "0.55", "17850.0"],
      ["200002", "21212", "PACK OF 72 RETROSPOT CAKE CASES", 3, "2011-01-10 09:00:00", "0.42", "17850.0"],
      ["200003", "21212", "PACK OF 72 RETROSPOT CAKE CASES", 4, "2011-01-20 15:00:00", "0.50", "17850.0"], // after the return: not used
      ["200004", "21212", "PACK OF 72 RETROSPOT CAKE CASES", 9, "2011-01-20 14:00:00", "0.99", "99999.0"], // another customer
      ["C200005", "21212", "PACK OF 72 RETROSPOT CAKE CASES", -6, "2011-01-20 14:30:00", "0.55", "17850.0"],
    ]);
    const o1 = order(dataset, "200001");
    const o2 = order(dataset, "200002");
    expect(o2.refunds).toHaveLength(1);
    expect(o1.refunds).toHaveLength(1);
    const [r2] = o2.refunds;
    const [r1] = o1.refunds;
    expect(r2.processedAt).toBe("2011-01-20T14:30:00Z");
    expect(r1.processedAt).toBe("2011-01-20T14:30:00Z");
    expect(r2.refundLineItems.map((x) => [x.quantity, amount(x.priceSet), amount(x.subtotalSet), x.restockType])).toEqual([[3, "0.42", "1.26", "RETURN"]]);
    expect(r1.refundLineItems.map((x) => [x.quantity, amount(x.priceSet), amount(x.subtotalSet)])).toEqual([[3, "0.55", "1.65"]]);
    expect(r1.refundLineItems[0].lineItemId).toBe(o1.lineItems[0].id);
    expect(order(dataset, "200003").refunds).toEqual([]);
    expect(order(dataset, "200004").refunds).toEqual([]);
    expect(o1.updatedAt).toBe("2011-01-20T14:30:00Z");
    expect(order(dataset, "200003").updatedAt).toBe(order(dataset, "200003").createdAt);
    expect(report.mapped).toMatchObject({ refunds: 2, refundLineItems: 2, refundedUnits: 6, returnInvoicesMatched: 1 });
    expect(report.leftOut.returns.uncoveredUnits).toEqual({ lines: 0, units: 0 });
    // the refunds of the two orders are numbered in the order they were matched
    expect([r2.id, r1.id]).toEqual(["gid://shopify/Refund/1", "gid://shopify/Refund/2"]);
  });

  it("consumes one order's lines of the same SKU in file order and never refunds more than was bought", async () => {
    const { dataset, report } = await load([
      ["300001", "22423", "REGENCY CAKESTAND 3 TIER", 2, "2011-01-03 09:00:00", "12.75", "14000.0"],
      ["300001", "22423", "REGENCY CAKESTAND 3 TIER", 4, "2011-01-03 09:00:00", "10.95", "14000.0"],
      ["C300002", "22423", "REGENCY CAKESTAND 3 TIER", -3, "2011-01-04 09:00:00", "12.75", "14000.0"],
      ["C300003", "22423", "REGENCY CAKESTAND 3 TIER", -5, "2011-01-05 09:00:00", "12.75", "14000.0"], // only 3 left
    ]);
    const o = order(dataset, "300001");
    const [first, second] = o.lineItems;
    expect(o.refunds.map((r) => r.refundLineItems.map((x) => [x.lineItemId, x.quantity, amount(x.subtotalSet)]))).toEqual([
      [[first.id, 2, "25.50"], [second.id, 1, "10.95"]],
      [[second.id, 3, "32.85"]],
    ]);
    expect(report.leftOut.returns.uncoveredUnits).toEqual({ lines: 1, units: 2 });
    expect(report.mapped.refundedUnits).toBe(6);
  });

  it("leaves out units no order can cover: no earlier order, same-minute order, no customer, non-product codes", async () => {
    const { dataset, report } = await load([
      ["400001", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, "2011-01-10 10:00:00", "2.55", "15000.0"],
      ["C400002", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", -2, "2011-01-10 10:00:00", "2.55", "15000.0"], // same minute: not earlier
      ["C400003", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", -1, "2011-01-09 10:00:00", "2.55", "15000.0"], // before the order
      ["C400004", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", -4, "2011-01-11 10:00:00", "2.55", ""], // no customer
      ["C400005", "POST", "POSTAGE", -1, "2011-01-11 10:00:00", "18.00", "15000.0"],
      ["C400005", "D", "Discount", -1, "2011-01-11 10:00:00", "5.00", "15000.0"],
      ["C400005", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", -10, "2011-01-11 10:00:00", "2.55", "15000.0"], // 6 of 10
      ["C400006", "71053", "WHITE METAL LANTERN", -1, "2011-01-11 10:00:00", "3.39", "16000.0"], // customer never ordered
    ]);
    const o = order(dataset, "400001");
    expect(o.refunds).toHaveLength(1);
    expect(o.refunds[0].note).toBe("Return C400005");
    expect(o.refunds[0].refundLineItems.map((x) => x.quantity)).toEqual([6]);
    const r = report.leftOut.returns;
    expect(r.returnInvoices).toBe(5);
    expect(r.uncoveredUnits).toEqual({ lines: 4, units: 2 + 1 + 4 + 1 });
    expect(r.withoutCustomer).toEqual({ invoices: 1, productLines: 1, units: 4 });
    expect(r.nonProductLines).toEqual({ lines: 2, byCode: { D: 1, POST: 1 } });
    expect(r.invoicesWithoutRefund).toBe(3);
    expect(report.mapped.returnInvoicesMatched).toBe(1);
    expect(dataset.customers.map((c) => c.id)).toEqual(["gid://shopify/Customer/15000"]);
  });

  it("does not make an order of an invoice with only excluded codes, but does of shipping-only and gift-card-only ones", async () => {
    const { dataset, report } = await load([
      ["500001", "M", "Manual", 1, "2011-01-03 09:00:00", "35.00", "12000.0"],
      ["500001", "BANK CHARGES", "Bank Charges", 1, "2011-01-03 09:00:00", "15.00", "12000.0"],
      ["500002", "m", "Manual", 1, "2011-01-03 10:00:00", "2.50", ""],
      ["500003", "POST", "POSTAGE", 2, "2011-01-03 11:00:00", "18.00", "12000.0"],
      ["500004", "gift_0001_20", "Dotcomgiftshop Gift Voucher £20.00", 1, "2011-01-03 12:00:00", "16.67", ""],
      ["500005", "85123a", "WHITE HANGING HEART T-LIGHT HOLDER", 1, "2011-01-03 13:00:00", "2.55", ""], // lower case: a product
      ["500005", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 1, "2011-01-03 13:00:00", "2.55", ""],
      ["500005", "DOT", "DOTCOM POSTAGE", 1, "2011-01-03 13:00:00", "11.77", ""],
      ["500005", "C2", "CARRIAGE", 1, "2011-01-03 13:00:00", "50.00", ""],
      ["500005", "S", "SAMPLES", 1, "2011-01-03 13:00:00", "1.00", ""],
    ]);
    expect(dataset.orders.map((o) => o.name)).toEqual(["#500003", "#500004", "#500005"]);
    expect(report.leftOut.invoicesNotOrders).toEqual({ invoices: 2, onlyExcludedCodes: 2, onlyNegativeLines: 0 });
    expect(report.leftOut.excludedCodeLines).toEqual({ lines: 4, byCode: { "BANK CHARGES": 1, M: 1, S: 1, m: 1 } });
    const ship = order(dataset, "500003");
    expect(ship.lineItems).toEqual([]);
    expect(ship.shippingLines.map((s) => [s.title, s.code, amount(s.originalPriceSet)])).toEqual([["POSTAGE", "POST", "36.00"]]);
    const gift = order(dataset, "500004");
    expect(gift.lineItems.map((li) => [li.isGiftCard, li.requiresShipping, li.sku, amount(li.originalUnitPriceSet)])).toEqual([[true, false, "gift_0001_20", "16.67"]]);
    expect(dataset.products.find((p) => p.variants[0].sku === "gift_0001_20")!.isGiftCard).toBe(true);
    const mixed = order(dataset, "500005");
    expect(mixed.lineItems.map((li) => li.sku)).toEqual(["85123a", "85123A"]);
    expect(new Set(mixed.lineItems.map((li) => li.productId)).size).toBe(2);
    expect(mixed.shippingLines.map((s) => [s.title, amount(s.originalPriceSet)])).toEqual([["DOTCOM POSTAGE", "11.77"], ["CARRIAGE", "50.00"]]);
    expect(report.mapped).toMatchObject({ orders: 3, ordersWithoutProducts: 2, giftCardLineItems: 1, productLineItems: 2, shippingLines: 3, products: 3, giftCardProducts: 1 });
    // gift cards are not gross sales; shipping is not either
    const f = aggregate(dataset);
    expect(f.months["2011-01"]).toMatchObject({ orders: 3, gross_sales: "5.10", shipping: "97.77", units_sold: 2 });
  });

  it("skips A invoices and negative lines outside C invoices", async () => {
    const { dataset, report } = await load([
      ["A563185", "B", "Adjust bad debt", 1, "2011-01-12 14:50:00", "11062.06", ""],
      ["A563186", "B", "Adjust bad debt", 1, "2011-01-12 14:51:00", "-11062.06", ""],
      ["600001", "21275", "?", -30, "2011-01-12 15:00:00", "0.0", ""], // a write-off on its own: no order
      ["600002", "22197", "SMALL POPCORN HOLDER", 10, "2011-01-12 16:00:00", "0.85", ""],
      ["600002", "22197", "damaged", -2, "2011-01-12 16:00:00", "0.85", ""],
    ]);
    expect(dataset.orders.map((o) => o.name)).toEqual(["#600002"]);
    expect(order(dataset, "600002").lineItems.map((li) => li.quantity)).toEqual([10]);
    expect(report.leftOut.nonSalesInvoices).toEqual({ invoices: 2, lines: 2, byPrefix: { A: 2 } });
    expect(report.leftOut.negativeLinesOutsideC).toEqual({ lines: 2, units: 32 });
    expect(report.leftOut.invoicesNotOrders).toEqual({ invoices: 1, onlyExcludedCodes: 0, onlyNegativeLines: 1 });
  });

  it("rounds unit prices half-up to pence, exactly", async () => {
    const { dataset } = await load([
      ["700001", "10001", "A", 1, "2011-01-03 09:00:00", "0.125", ""],
      ["700001", "10002", "B", 1, "2011-01-03 09:00:00", "0.124", ""],
      ["700001", "10003", "C", 3, "2011-01-03 09:00:00", "2.675", ""], // 2.675 is 2.67499.. as a float
      ["700001", "PADS", "PADS TO MATCH ALL CUSHIONS", 1, "2011-01-03 09:00:00", "0.001", ""],
      ["700001", "10004", "D", 7, "2011-01-03 09:00:00", "1.005", ""],
    ]);
    const o = order(dataset, "700001");
    expect(o.lineItems.map((li) => amount(li.originalUnitPriceSet))).toEqual(["0.13", "0.12", "2.68", "0.00", "1.01"]);
    expect(aggregate(dataset).months["2011-01"].gross_sales).toBe("15.36"); // 0.13 + 0.12 + 3 x 2.68 + 0.00 + 7 x 1.01
  });

  it("converts London wall time to the right UTC instant on DST days", async () => {
    const { dataset } = await loadOnlineRetail(writeCsv({
      "online-retail-2011-03": [
        ["800001", "10001", "A", 1, "2011-03-26 10:16:00", "1.00", ""], // GMT
        ["800002", "10001", "A", 1, "2011-03-27 00:30:00", "1.00", ""], // still GMT
        ["800003", "10001", "A", 1, "2011-03-27 01:30:00", "1.00", ""], // in the spring-forward gap: moved forward
        ["800004", "10001", "A", 1, "2011-03-27 10:16:00", "1.00", ""], // BST
      ],
      "online-retail-2011-10": [
        ["800005", "10001", "A", 1, "2011-10-30 00:30:00", "1.00", ""], // BST
        ["800006", "10001", "A", 1, "2011-10-30 01:30:00", "1.00", ""], // ambiguous: the earlier (BST) instant
        ["800007", "10001", "A", 1, "2011-10-30 10:18:00", "1.00", ""], // GMT
        ["800008", "10001", "A", 1, "2011-10-31 23:59:59", "1.00", ""], // GMT, still October in London
      ],
    }));
    const at = (no: string) => order(dataset, no).processedAt;
    expect(at("800001")).toBe("2011-03-26T10:16:00Z");
    expect(at("800002")).toBe("2011-03-27T00:30:00Z");
    expect(at("800003")).toBe("2011-03-27T01:30:00Z");
    expect(at("800004")).toBe("2011-03-27T09:16:00Z");
    expect(at("800005")).toBe("2011-10-29T23:30:00Z");
    expect(at("800006")).toBe("2011-10-30T00:30:00Z");
    expect(at("800007")).toBe("2011-10-30T10:18:00Z");
    expect(at("800008")).toBe("2011-10-31T23:59:59Z");
    expect(order(dataset, "800005").createdAt).toBe(at("800005"));
    // and the London day of each instant is the wall-clock day it came from
    expect(dataset.orders.map((o) => dayOf(o.processedAt))).toEqual(["2011-03-26", "2011-03-27", "2011-03-27", "2011-03-27", "2011-10-30", "2011-10-30", "2011-10-30", "2011-10-31"]);
  });

  it("uses the earliest line time of an invoice whose lines span two minutes", async () => {
    const { dataset } = await load([
      ["900001", "10001", "A", 1, "2011-01-21 14:59:00", "1.00", ""],
      ["900001", "10002", "B", 1, "2011-01-21 14:58:00", "1.00", ""],
    ]);
    expect(order(dataset, "900001").processedAt).toBe("2011-01-21T14:58:00Z");
  });

  it("numbers everything deterministically", async () => {
    const lines: Line[] = [
      ["110002", "20725", "LUNCH BAG RED RETROSPOT", 10, "2011-01-05 10:00:00", "1.65", "13000.0"],
      ["110002", "POST", "POSTAGE", 1, "2011-01-05 10:00:00", "18.00", "13000.0"],
      ["110001", "22383", "LUNCH BAG SUKI DESIGN", 10, "2011-01-04 10:00:00", "1.65", "13000.0"],
      ["110001", "20725", "LUNCH BAG RED RETROSPOT", 5, "2011-01-04 10:00:00", "1.65", "13000.0"],
      ["C110003", "20725", "LUNCH BAG RED RETROSPOT", -12, "2011-01-06 10:00:00", "1.65", "13000.0"],
    ];
    const a = await load(lines);
    const b = await load(lines);
    expect(JSON.stringify(b.dataset)).toBe(JSON.stringify(a.dataset));
    const ds = a.dataset;
    // orders by time; line items numbered in that order; products by SKU
    expect(ds.orders.map((o) => o.name)).toEqual(["#110001", "#110002"]);
    expect(ds.orders.flatMap((o) => o.lineItems.map((li) => `${li.id} ${li.sku}`))).toEqual([
      "gid://shopify/LineItem/1 22383",
      "gid://shopify/LineItem/2 20725",
      "gid://shopify/LineItem/3 20725",
    ]);
    expect(ds.products.map((p) => [p.id, p.variants[0].id, p.variants[0].inventoryItemId, p.variants[0].sku, p.handle])).toEqual([
      ["gid://shopify/Product/1", "gid://shopify/ProductVariant/1", "gid://shopify/InventoryItem/1", "20725", "lunch-bag-red-retrospot"],
      ["gid://shopify/Product/2", "gid://shopify/ProductVariant/2", "gid://shopify/InventoryItem/2", "22383", "lunch-bag-suki-design"],
    ]);
    expect(ds.orders[1].shippingLines[0].id).toBe("gid://shopify/ShippingLine/1");
    // 12 returned: 10 from #110002 (latest), 2 from #110001
    expect(ds.orders.map((o) => o.refunds.map((r) => `${r.id}: ${r.refundLineItems.map((x) => `${x.id} x${x.quantity}`).join(", ")}`))).toEqual([
      ["gid://shopify/Refund/2: gid://shopify/RefundLineItem/2 x2"],
      ["gid://shopify/Refund/1: gid://shopify/RefundLineItem/1 x10"],
    ]);
    expect(ds.customers).toEqual([{ id: "gid://shopify/Customer/13000", createdAt: "2011-01-04T10:00:00Z", updatedAt: "2011-01-06T10:00:00Z" }]);
  });

  it("rejects malformed input with the file and line", async () => {
    const bad = writeCsv({ "online-retail-2011-01": `${HEADER}\n100001,22760,"TRAY, BREAKFAST,1,2011-01-04 10:00:00,12.75,,UK\n` });
    await expect(loadOnlineRetail(bad)).rejects.toThrow(/line 2: unterminated/);
    const badQty = writeCsv({ "online-retail-2011-01": `${HEADER}\n100001,22760,TRAY,1.5,2011-01-04 10:00:00,12.75,,UK\n` });
    await expect(loadOnlineRetail(badQty)).rejects.toThrow(/online-retail-2011-01\.csv\.gz:2: Quantity is not an integer/);
    const badCustomer = writeCsv({ "online-retail-2011-01": `${HEADER}\n100001,22760,TRAY,1,2011-01-04 10:00:00,12.75,17850.5,UK\n` });
    await expect(loadOnlineRetail(badCustomer)).rejects.toThrow(/CustomerID is not an integer/);
  });
});

// ---------------------------------------------------------------------------------------------
// The oracle itself on a tricky snippet: both implementations must agree there too.

function hasPython(): boolean {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(hasPython())("Online Retail oracle and loader agree on a hand-written snippet", () => {
  it("gives the same monthly and daily figures", async () => {
    const dir = writeCsv({
      "online-retail-2011-10": [
        ["120001", "21212", "CAKE CASES", 24, "2011-10-30 09:00:00", "0.55", "17850.0"],
        ["120001", "POST", "POSTAGE", 1, "2011-10-30 09:00:00", "18.00", "17850.0"],
        ["120002", "21212", "CAKE CASES", 12, "2011-10-31 23:30:00", "0.425", "17850.0"],
        ["120003", "gift_0001_10", "Gift Voucher £10", 1, "2011-10-31 12:00:00", "8.33", ""],
      ],
      "online-retail-2011-11": [
        ["C120004", "21212", "CAKE CASES", -30, "2011-11-01 00:10:00", "0.55", "17850.0"],
        ["C120004", "M", "Manual", -1, "2011-11-01 00:10:00", "3.00", "17850.0"],
        ["120005", "22423", "CAKESTAND", 1, "2011-11-02 10:00:00", "12.75", ""],
        ["120005", "M", "Manual", 1, "2011-11-02 10:00:00", "1.00", ""],
        ["120006", "D", "Discount", 1, "2011-11-02 11:00:00", "1.00", ""],
        ["C120007", "22423", "CAKESTAND", -1, "2011-11-03 10:00:00", "12.75", ""],
        ["A120008", "B", "Adjust bad debt", 1, "2011-11-03 11:00:00", "-5.00", ""],
        ["120009", "22423", "CAKESTAND", -2, "2011-11-03 12:00:00", "0", ""],
      ],
    });
    const out = path.join(dir, "expected.json");
    execFileSync("python3", [ORACLE, "--data", dir, "--out", out], { stdio: "pipe" });
    const oracle: Expected = JSON.parse(readFileSync(out, "utf8"));
    const { dataset } = await loadOnlineRetail(dir);
    const mine = aggregate(dataset);
    expect(mine.months).toEqual(oracle.months);
    expect(mine.total).toEqual(oracle.total);
    expect(novemberDays(mine.days)).toEqual(oracle.days);
    expect(oracle.months["2011-10"]).toMatchObject({ orders: 3, gross_sales: "18.36", shipping: "18.00", units_sold: 36, units_returned: 30 });
    expect(oracle.months["2011-11"]).toMatchObject({ orders: 1, returns: "15.06", units_returned: 0 });
  });
});
