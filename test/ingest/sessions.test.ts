// Sessions exports: Shopify Analytics (daily, trailing spaces in headers) and GA4 (comment
// preamble, several tables, Nth week from the start date); re-upload replaces per period; undo.
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import { fileInMemory, fileOnDisk } from "../../app/modules/ingest/csv";
import { IngestError } from "../../app/modules/ingest/problems";
import { commitSessions, parseSessionsFile, sessionsFor } from "../../app/modules/ingest/sessions";
import { undoUpload } from "../../app/modules/ingest/store";
import { freshDatabase } from "../helpers/db";

const fixture = (name: string) => fileOnDisk(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));
let db: PrismaClient;
const SHOP = "sessions.myshopify.com";
beforeAll(async () => {
  db = createDb((await freshDatabase()).url);
  await db.shop.create({ data: { domain: SHOP, name: "S", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
});
afterAll(async () => { await db?.$disconnect(); });

describe("sessions", () => {
  it("Shopify Analytics daily export", async () => {
    const p = await parseSessionsFile(fixture("shopify-sessions-daily.csv"));
    expect(p.problems).toEqual([]);
    expect(p.source).toBe("shopify");
    expect(p.mapping).toEqual({ time: "Day", sessions: "Sessions", visitors: "Online store visitors", checkouts: "Sessions that completed checkout" });
    expect(p.rows.map((r) => [r.periodFrom, r.sessions, r.visitors, r.checkouts])).toEqual([
      ["2026-03-01", 1204, 1010, 31], ["2026-03-02", 987, 850, 22], ["2026-03-03", 1020, 877, null],
    ]);
    await commitSessions(db, SHOP, "s.csv", p);
    // A corrected export for 3 March replaces that day only; undo brings the first back.
    const fix = await commitSessions(db, SHOP, "fix.csv", await parseSessionsFile(fileInMemory("fix.csv", "Day,Sessions\n2026-03-03,1030\n")));
    expect((await sessionsFor(db, SHOP, "shopify")).map((r) => r.sessions)).toEqual([1204, 987, 1030]);
    await undoUpload(db, SHOP, fix.uploadId);
    expect((await sessionsFor(db, SHOP, "shopify")).map((r) => r.sessions)).toEqual([1204, 987, 1020]);
  });

  it("GA4: skips the channel table, reads Nth week from the start date 2026-01-05", async () => {
    const p = await parseSessionsFile(fixture("ga4-sessions-weeks.csv"));
    expect(p.problems).toEqual([]);
    expect(p.source).toBe("ga4");
    // week 0000 = 5-11 Jan, 0001 = 12-18 Jan, 0002 = 19-25 Jan.
    expect(p.rows.map((r) => [r.granularity, r.periodFrom, r.periodTo, r.sessions, r.visitors])).toEqual([
      ["week", "2026-01-05", "2026-01-11", 1100, 900], ["week", "2026-01-12", "2026-01-18", 1250, 1010], ["week", "2026-01-19", "2026-01-25", 1160, 950],
    ]);
    expect(p.notes).toEqual([expect.stringMatching(/^Other tables in the file were not read \(1\): Session primary channel group/)]);
  });

  it("refuses decimals as counts, and Nth week without a start date", async () => {
    const p = await parseSessionsFile(fileInMemory("d.csv", "Day,Sessions\n2026-03-01,12.5\n"));
    expect(p.problems).toEqual([{ row: 2, column: "Sessions", value: "12.5", expected: "a whole number of sessions or visitors" }]);
    await expect(parseSessionsFile(fileInMemory("w.csv", "Nth week,Sessions\n0000,5\n"))).rejects.toBeInstanceOf(IngestError);
  });
});
