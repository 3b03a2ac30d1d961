// npm run upload -- --shop SHOP --kind ad-spend FILE [--dry-run] [--yes]
//                   [--source NAME --map day=COL,cost=COL[,campaign=COL][,currency=COL]]
//                   [--currency EUR] [--decimal ,|.] [--date-order DMY|MDY] [--max-mb N]
// npm run upload -- --shop SHOP --kind fx-rates FILE     (Date, Currency, Rate[, To][, Source])
// npm run upload -- --shop SHOP --kind product-costs FILE [--effective-from YYYY-MM-DD] [--currency C]
// npm run upload -- --shop SHOP --kind supplier-bills FILE [--currency C]
// npm run upload -- --shop SHOP --kind fulfilment --source PROVIDER FILE [--currency C]
// npm run upload -- --shop SHOP --kind sessions FILE     (Shopify Analytics or GA4 export)
// npm run upload -- --shop SHOP --list
// npm run upload -- --shop SHOP --undo ID
// npm run upload -- --shop SHOP --channel-rules [--set-channel-rules FILE.json]
//   the rules mapping ad sources and order UTM source/medium to channels (JSON: [{sourcePattern,
//   mediumPattern|null, channel}], first match wins)
// Prints what Grip detected (source, mapping, encoding), the totals per day and currency, what the
// upload would replace and any problems; then stores it (asking first on a terminal). A file with
// problems stores nothing and exits 1.
import { createInterface } from "node:readline/promises";
import { createDb } from "../app/db.server";
import { type AdSpendMapping, parseAdSpendFile } from "../app/modules/ingest/adspend";
import { fileOnDisk } from "../app/modules/ingest/csv";
import { parseRateFile } from "../app/modules/ingest/fx";
import { IngestError, type Problem, formatProblem } from "../app/modules/ingest/problems";
import { commitAdSpend, commitRates, listUploads, loadMapping, previewAdSpend, previewRates, undoUpload } from "../app/modules/ingest/store";
import { formatMinor } from "../app/modules/money";
import { readFileSync } from "node:fs";
import { type ChannelRule, loadChannelRules, saveChannelRules } from "../app/modules/ingest/channels";
import { commitCosts, previewCosts } from "../app/modules/ingest/costs";
import { commitBills, previewBills } from "../app/modules/ingest/bills";
import { commitFulfilment, previewFulfilment } from "../app/modules/ingest/fulfilment";
import { commitSessions, parseSessionsFile } from "../app/modules/ingest/sessions";
import { databaseUrl, fail, parseArgs, requireExistingDb } from "./lib";

const KINDS = ["ad-spend", "fx-rates", "product-costs", "supplier-bills", "fulfilment", "sessions"] as const;
const { args, rest } = parseArgs(process.argv.slice(2), {
  values: ["shop", "kind", "source", "map", "currency", "decimal", "date-order", "undo", "max-mb", "effective-from", "set-channel-rules"],
  flags: ["dry-run", "yes", "list", "channel-rules"],
});
if (typeof args.shop !== "string") fail("--shop is required (e.g. --shop online-retail-demo.myshopify.com)");
const shop = args.shop;
const url = databaseUrl();
requireExistingDb(url);
const db = createDb(url);

function printProblems(problems: Problem[], more = 0): void {
  console.log(`\nProblems (${problems.length + more}): nothing was stored.`);
  for (const p of problems) console.log(`  - ${formatProblem(p)}`);
  if (more) console.log(`  ... and ${more} more`);
}

async function confirm(question: string): Promise<boolean> {
  if (args.yes || !process.stdin.isTTY) return true; // scripts: the command line is the confirmation
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

function parseMap(spec: string): AdSpendMapping {
  const m: Record<string, string> = {};
  for (const part of spec.split(",")) {
    const [k, ...v] = part.split("=");
    if (!["day", "cost", "campaign", "currency"].includes(k.trim()) || v.length === 0) fail(`--map: expected field=column pairs for day, cost, campaign, currency (got ${JSON.stringify(part)})`);
    m[k.trim()] = v.join("=").trim();
  }
  if (!m.day || !m.cost) fail("--map needs at least day=COLUMN and cost=COLUMN");
  return m as unknown as AdSpendMapping;
}

async function main(): Promise<number> {
  if (args.list) {
    const list = await listUploads(db, shop);
    if (list.length === 0) console.log("No uploads.");
    for (const u of list) {
      console.log(`#${u.id}  ${u.createdAt.toISOString().slice(0, 16).replace("T", " ")}  ${u.kind.padEnd(8)} ${u.source.padEnd(10)} ${u.status.padEnd(6)} ${u.periodFrom ?? ""}..${u.periodTo ?? ""}  rows ${u.storedRows} (counted ${u.activeRows})  ${u.fileName}`);
    }
    return 0;
  }
  if (args["set-channel-rules"] !== undefined) {
    let rules: ChannelRule[];
    try { rules = JSON.parse(readFileSync(String(args["set-channel-rules"]), "utf8")) as ChannelRule[]; } catch (err) { fail(`--set-channel-rules: ${(err as Error).message}`); }
    try { await saveChannelRules(db, shop, rules); } catch (err) { fail(`--set-channel-rules: ${(err as Error).message}`); }
    console.log(`Saved ${rules.length} channel rules (used by the next uploads; stored rows keep their channel).`);
  }
  if (args["channel-rules"] || args["set-channel-rules"] !== undefined) {
    const rules = await loadChannelRules(db, shop);
    rules.forEach((r, i) => console.log(`${String(i + 1).padStart(3)}. source ~ /${r.sourcePattern}/  medium ~ ${r.mediumPattern === null ? "any" : `/${r.mediumPattern}/`}  -> ${r.channel}`));
    return 0;
  }
  if (args.undo !== undefined) {
    const id = Number(args.undo);
    if (!Number.isInteger(id)) fail(`--undo: expected an upload id from --list, got ${JSON.stringify(args.undo)}`);
    const r = await undoUpload(db, shop, id);
    console.log(r.status === "undone" ? `Upload #${id} undone: its rows no longer count; rows it had replaced count again.` : `Upload #${id} was already undone.`);
    return 0;
  }
  const kind = args.kind;
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) fail(`--kind: expected one of ${KINDS.join(", ")}`);
  if (rest.length !== 1) fail("give exactly one FILE to upload");
  const maxBytes = args["max-mb"] ? Number(args["max-mb"]) * 1024 * 1024 : undefined;
  const decimalMark = args.decimal as "," | "." | undefined;
  if (decimalMark !== undefined && decimalMark !== "," && decimalMark !== ".") fail("--decimal: expected , or .");
  const dateOrder = args["date-order"] as "DMY" | "MDY" | undefined;
  if (dateOrder !== undefined && dateOrder !== "DMY" && dateOrder !== "MDY") fail("--date-order: expected DMY or MDY");
  let file;
  try { file = fileOnDisk(rest[0]); } catch (err) { fail((err as Error).message); }

  if (kind === "fx-rates") {
    const shopRow = await db.shop.findUnique({ where: { domain: shop } });
    if (!shopRow) fail(`no shop ${shop} in the database`);
    const parsed = await parseRateFile(file, shopRow.currencyCode, { decimalMark, dateOrder, maxBytes });
    const preview = await previewRates(db, shop, file.name, parsed);
    console.log(`Rate file ${file.name}: ${parsed.rows.length} rates, ${parsed.period?.from ?? "-"}..${parsed.period?.to ?? "-"}; columns ${JSON.stringify(parsed.mapping)}`);
    for (const r of parsed.rows.slice(0, 10)) console.log(`  ${r.day}  1 ${r.base} = ${r.rate} ${r.quote}  (${r.source})`);
    if (parsed.rows.length > 10) console.log(`  ... ${parsed.rows.length - 10} more`);
    if (preview.problems.length) { printProblems(preview.problems, parsed.moreProblems); return 1; }
    if (preview.duplicateOf !== null) { console.log(`\nSame file as upload #${preview.duplicateOf}: nothing to change.`); return 0; }
    if (args["dry-run"]) { console.log("\n--dry-run: nothing stored."); return 0; }
    if (!(await confirm("Store these rates?"))) { console.log("Not stored."); return 0; }
    const r = await commitRates(db, preview);
    console.log(`Stored as upload #${r.uploadId} (${r.storedRows} rates).`);
    return 0;
  }

  if (kind === "sessions") {
    const p = await parseSessionsFile(file, { maxBytes });
    console.log(`Sessions from ${p.source === "ga4" ? "Google Analytics 4" : "Shopify Analytics"}; mapping: ${Object.entries(p.mapping).map(([k, v]) => `${k} <- ${v}`).join("; ")}`);
    for (const note of p.notes) console.log(`Note: ${note}`);
    for (const r of p.rows.slice(0, 31)) console.log(`  ${r.periodFrom}${r.periodTo !== r.periodFrom ? ".." + r.periodTo : ""}  sessions ${r.sessions}  visitors ${r.visitors ?? "-"}  checkouts ${r.checkouts ?? "-"}`);
    if (p.rows.length > 31) console.log(`  ... ${p.rows.length - 31} more`);
    if (p.problems.length) { printProblems(p.problems, p.moreProblems); return 1; }
    if (args["dry-run"]) { console.log("\n--dry-run: nothing stored."); return 0; }
    if (!(await confirm("Store this upload?"))) { console.log("Not stored."); return 0; }
    const r = await commitSessions(db, shop, file.name, p);
    console.log(r.status === "unchanged" ? `Same file as upload #${r.uploadId}: nothing to change.` : `Stored as upload #${r.uploadId} (${r.storedRows} rows). Undo with: npm run upload -- --shop ${shop} --undo ${r.uploadId}`);
    return 0;
  }

  if (kind === "fulfilment") {
    if (typeof args.source !== "string") fail("--source PROVIDER is required for fulfilment invoices (e.g. sendcloud, postnl, shipbob)");
    const preview = await previewFulfilment(db, shop, args.source, file, { decimalMark, dateOrder, maxBytes, currency: args.currency as string | undefined });
    console.log(`Fulfilment invoice from ${preview.provider}: ${preview.table.encoding}, separator ${JSON.stringify(preview.table.separator)}`);
    console.log(`Mapping: ${Object.entries(preview.table.mapping).map(([k, v]) => `${k} <- ${v}`).join("; ")}`);
    for (const note of preview.notes) console.log(`Note: ${note}`);
    const byKind = new Map<string, { n: number; sum: bigint }>();
    for (const l of preview.lines) { const k = byKind.get(l.kind) ?? { n: 0, sum: 0n }; k.n++; k.sum += l.shopAmountMinor; byKind.set(l.kind, k); }
    for (const [k, v] of byKind) console.log(`  ${k.padEnd(9)} ${String(v.n).padStart(6)} lines  ${formatMinor(v.sum, preview.shopCurrency)} ${preview.shopCurrency}`);
    if (preview.unmatched.length) {
      console.log("Unmatched lines (stored as unmatched costs):");
      for (const l of preview.unmatched.slice(0, 20)) console.log(`  row ${l.line}: ${l.day} order ${l.orderRef ?? "-"} tracking ${l.trackingRef ?? "-"} ${formatMinor(l.amountMinor, l.currency)} ${l.currency} ${l.description}`);
      if (preview.unmatched.length > 20) console.log(`  ... ${preview.unmatched.length - 20} more`);
    }
    if (preview.problems.length) { printProblems(preview.problems, preview.table.moreProblems); return 1; }
    if (preview.duplicateOf !== null) { console.log(`\nSame file as upload #${preview.duplicateOf}: nothing to change.`); return 0; }
    if (args["dry-run"]) { console.log("\n--dry-run: nothing stored."); return 0; }
    if (!(await confirm("Store this upload?"))) { console.log("Not stored."); return 0; }
    const r = await commitFulfilment(db, preview);
    console.log(`Stored as upload #${r.uploadId} (${r.storedRows} lines). Undo with: npm run upload -- --shop ${shop} --undo ${r.uploadId}`);
    return 0;
  }

  if (kind === "product-costs" || kind === "supplier-bills") {
    const opts = { decimalMark, dateOrder, maxBytes, currency: args.currency as string | undefined, effectiveFrom: args["effective-from"] as string | undefined };
    const preview = kind === "product-costs" ? await previewCosts(db, shop, file, opts) : await previewBills(db, shop, file, opts);
    console.log(`${kind === "product-costs" ? "Product costs" : "Supplier bills"}: ${preview.table.encoding}, separator ${JSON.stringify(preview.table.separator)}`);
    console.log(`Mapping: ${Object.entries(preview.table.mapping).map(([k, v]) => `${k} <- ${v}`).join("; ")}`);
    for (const note of preview.notes) console.log(`Note: ${note}`);
    console.log(`\n${preview.rows.length} rows; first ones:`);
    for (const r of preview.rows.slice(0, 10)) {
      console.log("  " + Object.entries(r).filter(([k]) => k !== "line").map(([k, v]) => `${k}=${typeof v === "bigint" ? formatMinor(v, (r as { currency: string }).currency) : v ?? "-"}`).join(" "));
    }
    const totals = new Map<string, bigint>();
    for (const r of preview.rows) if ("amountMinor" in r) totals.set(r.currency, (totals.get(r.currency) ?? 0n) + r.amountMinor);
    for (const [c, a] of totals) console.log(`  total ${formatMinor(a, c)} ${c}`);
    if (preview.problems.length) { printProblems(preview.problems, preview.table.moreProblems); return 1; }
    if (preview.duplicateOf !== null) { console.log(`\nSame file as upload #${preview.duplicateOf}: nothing to change.`); return 0; }
    if (args["dry-run"]) { console.log("\n--dry-run: nothing stored."); return 0; }
    if (!(await confirm("Store this upload?"))) { console.log("Not stored."); return 0; }
    const r = kind === "product-costs"
      ? await commitCosts(db, preview as Awaited<ReturnType<typeof previewCosts>>)
      : await commitBills(db, preview as Awaited<ReturnType<typeof previewBills>>);
    console.log(`Stored as upload #${r.uploadId} (${r.storedRows} rows). Undo with: npm run upload -- --shop ${shop} --undo ${r.uploadId}`);
    return 0;
  }

  let mapping = args.map ? parseMap(args.map as string) : undefined;
  const source = args.source as string | undefined;
  if (!mapping && source) {
    mapping = (await loadMapping(db, shop, "ad-spend", source)) ?? undefined;
    if (!mapping) fail(`no saved mapping for source ${JSON.stringify(source)}: give one with --map day=COL,cost=COL,campaign=COL`);
    console.log(`Using the mapping saved for ${source}.`);
  }
  const parsed = await parseAdSpendFile(file, { source, mapping, currency: args.currency as string | undefined, decimalMark, dateOrder, maxBytes });
  const preview = await previewAdSpend(db, shop, file.name, parsed);
  const p = preview.parsed;
  console.log(`Detected: ${p.label}  (${p.encoding}, separator ${JSON.stringify(p.separator)}, ${p.dataRows} data rows -> ${preview.rows.length} day/campaign rows)`);
  console.log(`Mapping: ${Object.entries(p.mapping).map(([k, v]) => `${k} <- ${v}`).join("; ")}`);
  console.log(`Period: ${p.period ? `${p.period.from}..${p.period.to}` : "none"}   channel: ${preview.rows[0]?.channel ?? "-"}`);
  for (const note of p.notes) console.log(`Note: ${note}`);
  console.log("\nTotals per day and currency:");
  const shown = preview.totals.length > 62 ? [...preview.totals.slice(0, 31), null, ...preview.totals.slice(-31)] : preview.totals;
  for (const t of shown) console.log(t ? `  ${t.day}  ${formatMinor(t.amountMinor, t.currency).padStart(14)} ${t.currency}` : `  ... ${preview.totals.length - 62} more days`);
  const byCurrency = new Map<string, bigint>();
  for (const t of preview.totals) byCurrency.set(t.currency, (byCurrency.get(t.currency) ?? 0n) + t.amountMinor);
  console.log(`  total    ${[...byCurrency].map(([c, a]) => `${formatMinor(a, c)} ${c}`).join(" + ")}${[...byCurrency.keys()].some((c) => c !== preview.shopCurrency) && preview.problems.length === 0 ? `  = ${formatMinor(preview.shopTotalMinor, preview.shopCurrency)} ${preview.shopCurrency} at the uploaded rates` : ""}`);
  if (preview.problems.length) { printProblems(preview.problems, preview.moreProblems); return 1; }
  if (preview.duplicateOf !== null) { console.log(`\nSame file as upload #${preview.duplicateOf}: nothing to change.`); return 0; }
  for (const r of preview.replaces) {
    console.log(`Replaces: ${r.rows} ${p.source} rows of upload #${r.uploadId} (${r.fileName}) in ${p.period!.from}..${p.period!.to}, ${formatMinor(r.shopAmountMinor, preview.shopCurrency)} ${preview.shopCurrency} (undo this upload to bring them back)`);
  }
  if (args["dry-run"]) { console.log("\n--dry-run: nothing stored."); return 0; }
  if (!(await confirm("Store this upload?"))) { console.log("Not stored."); return 0; }
  const r = await commitAdSpend(db, preview, mapping);
  console.log(`Stored as upload #${r.uploadId} (${r.storedRows} rows). Undo with: npm run upload -- --shop ${shop} --undo ${r.uploadId}`);
  return 0;
}

main()
  .then(async (code) => { await db.$disconnect(); process.exit(code); })
  .catch(async (err) => {
    await db.$disconnect();
    if (err instanceof IngestError) { printProblems(err.problems); process.exit(1); }
    console.error(err);
    process.exit(2);
  });
