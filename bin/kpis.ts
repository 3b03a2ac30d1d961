// npm run kpis -- --shop SHOP --from YYYY-MM-DD --to YYYY-MM-DD [--json]
// Prints the first KPIs from Grip's database (not from Shopify): amounts in the shop currency,
// as exact decimal strings in JSON. Definitions: docs/kpis.md.
import { createDb } from "../app/db.server";
import { salesSummary } from "../app/modules/metrics/sales";
import { formatMinor, formatMoney } from "../app/modules/money";
import { parseDayRange } from "../app/modules/time";
import { databaseUrl, fail, parseArgs, requireExistingDb } from "./lib";

const { args } = parseArgs(process.argv.slice(2), { values: ["shop", "from", "to"], flags: ["json"] });
if (typeof args.shop !== "string") fail("--shop is required (e.g. --shop online-retail-demo.myshopify.com)");
let range;
try {
  range = parseDayRange(args.from, args.to);
} catch (err) {
  fail((err as Error).message.replace(/^(from|to):/, "--$1:"));
}
const url = databaseUrl();
requireExistingDb(url);
const db = createDb(url);
try {
  const shop = await db.shop.findUnique({ where: { domain: args.shop } });
  if (!shop) fail(`shop ${args.shop} is not in the database (installed shops: ${(await db.shop.findMany()).map((s) => s.domain).join(", ") || "none"})`);
  const s = await salesSummary(db, args.shop, range);
  const m = (v: bigint | null) => (v === null ? null : formatMinor(v, s.currency));
  if (args.json) {
    console.log(JSON.stringify({
      shop: s.shop, currency: s.currency, from: range.from, to: range.to,
      orders: s.orders,
      gross_sales: m(s.grossSales),
      discounts: m(s.discounts),
      returns: m(s.returns),
      net_sales: m(s.netSales),
      shipping: m(s.shipping),
      average_order_value: m(s.averageOrderValue),
      units_sold: s.unitsSold,
      units_returned: s.unitsReturned,
      return_rate: s.returnRate,
    }, null, 2));
  } else {
    const money = (v: bigint | null) => (v === null ? "n/a (no orders)" : formatMoney(v, s.currency));
    const rows: Array<[string, string]> = [
      ["Orders", s.orders.toLocaleString("en-GB")],
      ["Gross sales", money(s.grossSales)],
      ["Discounts", money(s.discounts)],
      ["Returns", money(s.returns)],
      ["Net sales", money(s.netSales)],
      ["Shipping", money(s.shipping)],
      ["Average order value", money(s.averageOrderValue)],
      ["Units sold", s.unitsSold.toLocaleString("en-GB")],
      ["Units returned", s.unitsReturned.toLocaleString("en-GB")],
      ["Return rate (units)", s.returnRate === null ? "n/a (no units sold)" : `${(Number(s.returnRate) * 100).toFixed(2)}%`],
    ];
    console.log(`${shop!.name} (${s.shop}), ${range.from} to ${range.to}, ${s.currency}, time zone ${shop!.ianaTimezone}`);
    for (const [k, v] of rows) console.log(`  ${k.padEnd(22)} ${v.padStart(18)}`);
  }
} finally {
  await db.$disconnect();
}
