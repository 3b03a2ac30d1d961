// `npm run upload` end to end: the real CLI process against a real database file.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";

const root = path.resolve(import.meta.dirname, "..", "..");
const fixture = (name: string) => path.join(root, "test", "fixtures", "uploads", name);
const SHOP = "cli.myshopify.com";
let url: string;
let db: PrismaClient;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await promisify(execFile)("npx", ["tsx", "bin/upload.ts", "--shop", SHOP, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  ({ url } = await freshDatabase());
  db = createDb(url);
  await db.shop.create({ data: { domain: SHOP, name: "CLI", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
});
afterAll(async () => { await db?.$disconnect(); });

describe("npm run upload", () => {
  it("dry-run shows source, mapping, notes and totals per day and stores nothing; then stores, lists and undoes", async () => {
    const dry = await cli("--kind", "ad-spend", fixture("google-campaigns-range.csv"), "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("Detected: Google Ads");
    expect(dry.out).toContain("cost <- Cost");
    expect(dry.out).toMatch(/spread evenly/);
    // 123457 + 1001 spread over 4 days: 30865 + 251 = 311.16 on the 1st, 30864 + 250 = 311.14 after.
    expect(dry.out).toMatch(/2026-03-01\s+311\.16 EUR/);
    expect(dry.out).toMatch(/2026-03-04\s+311\.14 EUR/);
    expect(dry.out).toMatch(/total\s+1244\.58 EUR/);
    expect(await db.upload.count()).toBe(0);

    const stored = await cli("--kind", "ad-spend", fixture("google-campaigns-range.csv"));
    expect(stored.out).toMatch(/Stored as upload #1 \(8 rows\)/);
    const again = await cli("--kind", "ad-spend", fixture("google-campaigns-range.csv"));
    expect(again.out).toMatch(/Same file as upload #1: nothing to change/);
    expect((await cli("--list")).out).toMatch(/#1 .*ad-spend google .*active 2026-03-01\.\.2026-03-04 .*rows 8 \(counted 8\)/);
    expect((await cli("--undo", "1")).out).toMatch(/Upload #1 undone/);
    expect(await db.adSpend.count({ where: { active: true } })).toBe(0);
  });

  it("a bad file: problems with row, column and value, exit 1, nothing stored", async () => {
    const before = await db.upload.count();
    const r = await cli("--kind", "ad-spend", fixture("google-all-time.csv"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/nothing was stored/);
    const mixed = await cli("--kind", "ad-spend", "--source", "x", "--map", "day=Datum,cost=Uitgaven", "--currency", "EUR", fixture("generic-pinterest-1252.csv"), "--date-order", "MDY");
    // 31-01-2026 only reads day-first: the merchant's --date-order MDY is refused, not obeyed or ignored.
    expect(mixed.code).toBe(1);
    expect(mixed.out).toMatch(/column "Datum": found "31-01-2026": dates in MDY order, as --date-order says/);
    expect(await db.upload.count()).toBe(before);
  });

  it("prints the channel rules, replaces them from a JSON file, refuses invalid ones", async () => {
    expect((await cli("--channel-rules")).out).toMatch(/1\. source ~ \/meta\|facebook.*-> paid_social/);
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const dir = mkdtempSync(path.join((await import("node:os")).tmpdir(), "grip-rules-"));
    writeFileSync(path.join(dir, "ok.json"), JSON.stringify([{ sourcePattern: "google", mediumPattern: null, channel: "search" }]));
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify([{ sourcePattern: "(", mediumPattern: null, channel: "Search!" }]));
    const ok = await cli("--set-channel-rules", path.join(dir, "ok.json"));
    expect(ok.out).toMatch(/Saved 1 channel rules[\s\S]*1\. source ~ \/google\/  medium ~ any  -> search/);
    const bad = await cli("--set-channel-rules", path.join(dir, "bad.json"));
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/regular expression/);
    expect(await db.channelRule.count({ where: { shop: SHOP } })).toBe(1);
  });
});
