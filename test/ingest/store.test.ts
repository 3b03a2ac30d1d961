// Uploads in a real SQLite database: all-or-nothing, re-upload, overlapping periods, undo,
// exchange rates and channels. Totals are in shop currency (EUR) minor units, worked by hand.
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import { parseAdSpendFile } from "../../app/modules/ingest/adspend";
import { DEFAULT_CHANNEL_RULES, channelMatcher, loadChannelRules, saveChannelRules } from "../../app/modules/ingest/channels";
import { type SourceFile, fileInMemory, fileOnDisk } from "../../app/modules/ingest/csv";
import { parseRateFile } from "../../app/modules/ingest/fx";
import { IngestError } from "../../app/modules/ingest/problems";
import { adSpendByDay, commitAdSpend, commitRates, listUploads, loadMapping, previewAdSpend, previewRates, undoUpload } from "../../app/modules/ingest/store";
import { freshDatabase } from "../helpers/db";

const fixture = (name: string) => fileOnDisk(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));
let db: PrismaClient;
let n = 0;
const newShop = async (currencyCode = "EUR") => {
  const domain = `shop${++n}.myshopify.com`;
  await db.shop.create({ data: { domain, name: domain, currencyCode, ianaTimezone: "Europe/Amsterdam" } });
  return domain;
};
const upload = async (shop: string, file: SourceFile, opts = {}) => commitAdSpend(db, await previewAdSpend(db, shop, file.name, await parseAdSpendFile(file, opts)));
const byDay = async (shop: string) => Object.fromEntries((await adSpendByDay(db, shop)).map((r) => [`${r.day} ${r.source}`, r.shopAmountMinor]));

beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
});
afterAll(async () => { await db?.$disconnect(); });

describe("storing ad spend", () => {
  it("stores the Meta breakdown per day and campaign, each row knowing its upload and channel", async () => {
    const shop = await newShop();
    const r = await upload(shop, fixture("meta-breakdown-day-age.csv"));
    expect(r).toMatchObject({ status: "stored", storedRows: 4 });
    expect(await byDay(shop)).toEqual({ "2026-03-01 meta": 3850n, "2026-03-02 meta": 850n }); // 3300+550, 101+749
    const rows = await db.adSpend.findMany({ where: { shop } });
    expect(new Set(rows.map((x) => x.uploadId))).toEqual(new Set([r.uploadId]));
    expect(new Set(rows.map((x) => x.channel))).toEqual(new Set(["paid_social"]));
  });

  it("re-uploading the same file changes nothing", async () => {
    const shop = await newShop();
    const first = await upload(shop, fixture("google-daily.csv"));
    const before = await byDay(shop);
    const preview = await previewAdSpend(db, shop, "again.csv", await parseAdSpendFile(fixture("google-daily.csv")));
    expect(preview.duplicateOf).toBe(first.uploadId);
    expect(await commitAdSpend(db, preview)).toEqual({ status: "unchanged", uploadId: first.uploadId, storedRows: 0 });
    expect(await byDay(shop)).toEqual(before);
    expect(await db.upload.count({ where: { shop } })).toBe(1);
    expect(await db.adSpend.count({ where: { shop } })).toBe(3);
  });

  it("an overlapping upload replaces that period for its source (said in the preview); undo brings the old rows back", async () => {
    const shop = await newShop();
    const a = await upload(shop, fixture("google-daily.csv")); // 27 Jan: 3119300 + 0; 28 Jan: 1250
    await upload(shop, fixture("meta-breakdown-day-age.csv")); // another source: untouched throughout
    const later = fileInMemory("google-28-29.csv", "Campaign performance\nJanuary 28, 2026 - January 29, 2026\nDay,Campaign,Currency code,Cost\n2026-01-28,Brand NL,EUR,20.00\n2026-01-29,Brand NL,EUR,30.00\n");
    const preview = await previewAdSpend(db, shop, later.name, await parseAdSpendFile(later));
    expect(preview.replaces).toEqual([{ uploadId: a.uploadId, fileName: "google-daily.csv", rows: 1, shopAmountMinor: 1250n }]);
    const b = await commitAdSpend(db, preview);
    const meta = { "2026-03-01 meta": 3850n, "2026-03-02 meta": 850n };
    expect(await byDay(shop)).toEqual({ "2026-01-27 google": 3119300n, "2026-01-28 google": 2000n, "2026-01-29 google": 3000n, ...meta });

    expect(await undoUpload(db, shop, b.uploadId)).toEqual({ status: "undone" });
    expect(await byDay(shop)).toEqual({ "2026-01-27 google": 3119300n, "2026-01-28 google": 1250n, ...meta });
    expect(await undoUpload(db, shop, b.uploadId)).toEqual({ status: "unchanged" });

    // Redo the later one, then undo the earlier: only the later one's days remain.
    const b2 = await upload(shop, later);
    expect(b2.status).toBe("stored"); // undone bytes may be uploaded again
    await undoUpload(db, shop, a.uploadId);
    expect(await byDay(shop)).toEqual({ "2026-01-28 google": 2000n, "2026-01-29 google": 3000n, ...meta });

    const list = await listUploads(db, shop);
    expect(list.map((u) => [u.id, u.source, u.status, u.activeRows])).toEqual([
      [a.uploadId, "google", "undone", 0], [a.uploadId + 1, "meta", "active", 4], [b.uploadId, "google", "undone", 0], [b2.uploadId, "google", "active", 2],
    ]);
    await expect(undoUpload(db, shop, 999_999)).rejects.toThrow(/no upload|there is none/);
  });

  it("a file with problems stores nothing", async () => {
    const shop = await newShop();
    const bad = fileInMemory("bad.csv", "Day,Campaign,Currency code,Cost\n2026-01-01,A,EUR,1.00\n2026-01-02,B,EUR,twelve\n");
    const preview = await previewAdSpend(db, shop, bad.name, await parseAdSpendFile(bad));
    expect(preview.problems).toHaveLength(1);
    await expect(commitAdSpend(db, preview)).rejects.toBeInstanceOf(IngestError);
    expect(await db.upload.count({ where: { shop } })).toBe(0);
    expect(await db.adSpend.count({ where: { shop } })).toBe(0);
  });
});

describe("exchange rates", () => {
  it("refuses foreign spend without a rate; converts at the day's uploaded rate and stores rate and source", async () => {
    const shop = await newShop("EUR");
    const parsed = await parseAdSpendFile(fixture("meta-period-usd.csv"));
    const without = await previewAdSpend(db, shop, "meta-period-usd.csv", parsed);
    expect(without.problems.map((p) => p.value)).toEqual(["USD on 2026-03-01", "USD on 2026-03-02", "USD on 2026-03-03"]);
    await expect(commitAdSpend(db, without)).rejects.toThrow(/exchange rate USD->EUR for 2026-03-01/);

    const rates = await parseRateFile(fixture("rates-usd-eur.csv"), "EUR");
    expect(rates.problems).toEqual([]);
    const r = await commitRates(db, await previewRates(db, shop, "rates-usd-eur.csv", rates));
    expect(r).toMatchObject({ status: "stored", storedRows: 5 });

    const withRates = await previewAdSpend(db, shop, "meta-period-usd.csv", parsed);
    expect(withRates.problems).toEqual([]);
    // 3334 x 0.9000 = 3000.6 -> 3001; 3333 x 0.9100 = 3033.03 -> 3033; 3333 x 0.9200 = 3066.36 -> 3066.
    expect(withRates.rows.map((x) => [x.day, x.amountMinor, x.shopAmountMinor, x.fxRate])).toEqual([
      ["2026-03-01", 3334n, 3001n, "0.9000"], ["2026-03-02", 3333n, 3033n, "0.9100"], ["2026-03-03", 3333n, 3066n, "0.9200"],
    ]);
    expect(withRates.shopTotalMinor).toBe(9100n);
    await commitAdSpend(db, withRates);
    const stored = await db.adSpend.findFirst({ where: { shop, day: "2026-03-01" } });
    expect(stored).toMatchObject({ currency: "USD", amountMinor: 3334n, shopCurrency: "EUR", shopAmountMinor: 3001n, fxRate: "0.9000", fxSource: `ECB reference rate (upload #${r.uploadId})` });

    // Microsoft (USD): 840 x 0.92345 = 775.698 -> 776; 110 x 0.92345 = 101.5795 -> 102; 905 x 0.92 = 832.6 -> 833.
    await upload(shop, fixture("microsoft-campaigns.csv"));
    expect(await byDay(shop)).toMatchObject({ "2026-03-27 microsoft": 878n, "2026-03-28 microsoft": 833n });
  });
});

describe("channels", () => {
  it("one rule set maps ad sources and order UTM source/medium; defaults seeded, edits used by the next upload", async () => {
    const shop = await newShop();
    expect(await loadChannelRules(db, shop)).toEqual(DEFAULT_CHANNEL_RULES);
    const m = channelMatcher(await loadChannelRules(db, shop));
    expect(m("facebook", "cpc")).toBe("paid_social");
    expect(m("google", "cpc")).toBe("paid_search");
    expect(m("microsoft", "paid")).toBe("paid_search");
    expect(m("tiktok", "paid")).toBe("paid_social");
    expect(m("google", "organic")).toBe("organic_search");
    expect(m("klaviyo", "email")).toBe("email");
    expect(m("instagram", "")).toBe("organic_social");
    expect(m(null, null)).toBe("direct");
    expect(m("some-blog", "weird")).toBe("other");

    await saveChannelRules(db, shop, [{ sourcePattern: "google", mediumPattern: null, channel: "google_all" }, ...DEFAULT_CHANNEL_RULES]);
    await upload(shop, fixture("google-daily.csv"));
    expect(new Set((await db.adSpend.findMany({ where: { shop } })).map((x) => x.channel))).toEqual(new Set(["google_all"]));
    await expect(saveChannelRules(db, shop, [{ sourcePattern: "(", mediumPattern: null, channel: "x" }])).rejects.toThrow(/regular expression/);
  });

  it("saves a generic mapping per shop and source when the upload is stored", async () => {
    const shop = await newShop();
    const mapping = { day: "Datum", campaign: "Campagne", cost: "Uitgaven", currency: "Valuta" };
    const parsed = await parseAdSpendFile(fixture("generic-pinterest-1252.csv"), { source: "pinterest", mapping });
    await commitAdSpend(db, await previewAdSpend(db, shop, "p.csv", parsed), mapping);
    expect(await loadMapping(db, shop, "ad-spend", "Pinterest")).toEqual(mapping);
    expect(await byDay(shop)).toEqual({ "2026-01-31 pinterest": 123500n, "2026-02-01 pinterest": 1250n });
    expect((await db.adSpend.findFirst({ where: { shop } }))?.channel).toBe("paid_social");
  });
});
