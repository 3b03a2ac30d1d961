// Streaming benchmark for uploads: writes a Meta Ads Manager breakdown export of N rows (default
// 1,000,000) over one year, 50 campaigns, 4 age groups, to a temp file, parses it
// the way `npm run upload` does, and prints rows per second and the memory high-water mark. Memory
// must stay flat as N grows: only the per-day/campaign sums are held, never the file.
//   npx tsx bin/bench-upload.ts [--rows N]
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { parseAdSpendFile } from "../app/modules/ingest/adspend";
import { fileOnDisk } from "../app/modules/ingest/csv";
import { fail, parseArgs } from "./lib";

const { args } = parseArgs(process.argv.slice(2), { values: ["rows"], flags: [] });
const rows = args.rows === undefined ? 1_000_000 : Number(args.rows);
if (!Number.isInteger(rows) || rows < 1) fail("--rows: expected a positive whole number");

const dir = mkdtempSync(path.join(tmpdir(), "grip-bench-"));
const file = path.join(dir, "meta-1m.csv");
const ages = ["18-24", "25-34", "35-44", "45-54"];
const out = createWriteStream(file);
out.write("\uFEFFReporting starts,Reporting ends,Day,Campaign name,Ad set name,Ad name,Age,Ad set budget,Amount spent (EUR),Impressions,Quality ranking\n");
let expectedMinor = 0n;
const t0 = Date.now();
for (let i = 0; i < rows; i++) {
  const day = new Date(Date.UTC(2025, 0, 1) + Math.floor((i * 365) / rows) * 86_400_000).toISOString().slice(0, 10);
  const cents = (i * 7919) % 10_000;
  expectedMinor += BigInt(cents);
  const line = `${day},${day},${day},Campagne ${(i >> 2) % 50} – crème,Ad set ${i % 3},Ad ${i % 5},${ages[i % 4]},Using campaign budget,${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")},${i % 1000},-\n`;
  if (!out.write(line)) await once(out, "drain");
}
out.end();
await once(out, "finish");
const bytes = statSync(file).size;
console.log(`wrote ${rows.toLocaleString("en-GB")} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
const rssBefore = process.memoryUsage().rss;
const t1 = process.hrtime.bigint();
const parsed = await parseAdSpendFile(fileOnDisk(file));
const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const total = parsed.rows.reduce((s, r) => s + r.amountMinor, 0n);
rmSync(dir, { recursive: true, force: true });

console.log(`parsed ${parsed.dataRows.toLocaleString("en-GB")} rows -> ${parsed.rows.length.toLocaleString("en-GB")} day/campaign sums in ${seconds.toFixed(2)} s`);
console.log(`rows per second: ${Math.round(parsed.dataRows / seconds).toLocaleString("en-GB")} (the file is read 3 times: hash, column vote, parse)`);
console.log(`MB per second: ${(bytes / 1024 / 1024 / seconds).toFixed(1)}`);
console.log(`rss before ${(rssBefore / 1024 / 1024).toFixed(0)} MB, peak ${(peakRss / 1024 / 1024).toFixed(0)} MB (file ${(bytes / 1024 / 1024).toFixed(0)} MB)`);
console.log(`total ${total === expectedMinor ? "matches" : "DIFFERS FROM"} the generated sum (${expectedMinor} cents); problems: ${parsed.problems.length}`);
if (total !== expectedMinor || parsed.problems.length) process.exit(1);
