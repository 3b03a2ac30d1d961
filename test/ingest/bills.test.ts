// Supplier bills: a Dutch payables export, credit notes, a later export superseding a bill, undo.
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import { commitBills, currentBills, previewBills } from "../../app/modules/ingest/bills";
import { fileInMemory, fileOnDisk } from "../../app/modules/ingest/csv";
import { undoUpload } from "../../app/modules/ingest/store";
import { freshDatabase } from "../helpers/db";

const fixture = (name: string) => fileOnDisk(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));
let db: PrismaClient;
const SHOP = "bills.myshopify.com";
beforeAll(async () => {
  db = createDb((await freshDatabase()).url);
  await db.shop.create({ data: { domain: SHOP, name: "B", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
});
afterAll(async () => { await db?.$disconnect(); });

const brief = (bills: Awaited<ReturnType<typeof currentBills>>) => bills.map((b) => `${b.reference} ${b.amountMinor}/${b.vatMinor} out ${b.outflowDay}${b.outflowEstimated ? "?" : ""}`);

describe("supplier bills", () => {
  it("stores bills with VAT, due and paid dates; a later export supersedes a bill; undo restores it", async () => {
    const p = await previewBills(db, SHOP, fixture("supplier-bills-nl.csv"));
    expect(p.problems).toEqual([]);
    const first = await commitBills(db, p);
    // "€ 1.210,00" = 121000 incl. 21000 VAT, paid 30 Jan; 605,00 not paid: due 19 Feb (estimated);
    // credit note -121,00 without due or paid date: its invoice day, estimated.
    expect(brief(await currentBills(db, SHOP))).toEqual([
      "CN-2026-001 -12100/-2100 out 2026-01-25?", "F-2026-001 121000/21000 out 2026-01-30", "2026/17 60500/10500 out 2026-02-19?",
    ]);
    const later = await commitBills(db, await previewBills(db, SHOP, fixture("supplier-bills-nl-later.csv")));
    expect(brief(await currentBills(db, SHOP))).toContain("2026/17 60500/10500 out 2026-02-17");
    expect(await currentBills(db, SHOP)).toHaveLength(3); // superseded, not doubled
    await undoUpload(db, SHOP, later.uploadId);
    expect(brief(await currentBills(db, SHOP))).toContain("2026/17 60500/10500 out 2026-02-19?");
    expect(first.status).toBe("stored");
  });

  it("names bad rows: VAT above the amount, due before invoice, duplicates", async () => {
    const bad = fileInMemory("b.csv", "Supplier,Reference,Invoice date,Due date,Amount,VAT\nA,1,2026-01-10,2026-01-05,100.00,21.00\nA,2,2026-01-10,,10.00,21.00\nA,3,2026-01-10,,10.00,\nA,3,2026-01-11,,10.00,\n");
    const p = await previewBills(db, SHOP, bad);
    expect(p.problems.map((x) => [x.row, x.column, x.value])).toEqual([[2, "Due date", "2026-01-05"], [3, "VAT", "21.00"], [5, "Reference", "3"]]);
    await expect(commitBills(db, p)).rejects.toThrow();
  });
});
