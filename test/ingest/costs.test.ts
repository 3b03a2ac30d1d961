// Product cost uploads: Shopify's own product export and a merchant's cost history; the cost in
// force on a day, undo, and Shopify's cost as the fallback (null here).
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import { commitCosts, previewCosts, unitCostAt } from "../../app/modules/ingest/costs";
import { fileInMemory, fileOnDisk } from "../../app/modules/ingest/csv";
import { undoUpload } from "../../app/modules/ingest/store";
import { freshDatabase } from "../helpers/db";

const fixture = (name: string) => fileOnDisk(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));
let db: PrismaClient;
const SHOP = "costs.myshopify.com";
beforeAll(async () => {
  db = createDb((await freshDatabase()).url);
  await db.shop.create({ data: { domain: SHOP, name: "C", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
});
afterAll(async () => { await db?.$disconnect(); });

describe("product costs", () => {
  it("reads Shopify's product export: Variant SKU and Cost per item, image rows and cost-less variants noted", async () => {
    const p = await previewCosts(db, SHOP, fixture("shopify-products-export.csv"), { effectiveFrom: "2025-12-01" });
    expect(p.problems).toEqual([]);
    expect(p.table.mapping).toEqual({ sku: "Variant SKU", unitCost: "Cost per item" });
    expect(p.rows.map((r) => [r.sku, r.effectiveFrom, r.unitCostMinor])).toEqual([["MOK-B-S", "2025-12-01", 410n], ["MOK-B-L", "2025-12-01", 525n]]);
    expect(p.notes.join(" ")).toMatch(/1 row without product and cost skipped.*1 product without a cost/);
    expect((await commitCosts(db, p)).status).toBe("stored");
  });

  it("a cost history: the cost in force on each day, variant id before SKU, undo restores the earlier costs", async () => {
    const p = await previewCosts(db, SHOP, fixture("cost-history-nl.csv"));
    expect(p.problems).toEqual([]);
    // 15-02-2026 proves the column day-first, so 01-03-2026 is 1 March; "4,10" proves the decimal comma, so "€ 1.020,00" = 102000.
    expect(p.rows.map((r) => [r.sku, r.variantId, r.effectiveFrom, r.unitCostMinor])).toEqual([
      ["MOK-B-S", null, "2026-01-01", 410n], ["MOK-B-S", null, "2026-03-01", 460n],
      [null, "gid://shopify/ProductVariant/44012345678", "2026-02-15", 102000n],
    ]);
    const u = await commitCosts(db, p);
    const at = async (day: string) => (await unitCostAt(db, SHOP, { sku: "MOK-B-S" }, day))?.shopUnitCostMinor ?? null;
    expect(await at("2025-11-30")).toBeNull(); // before any upload's cost: Shopify's unit cost applies
    expect(await at("2025-12-15")).toBe(410n); // Shopify export, from 2025-12-01
    expect(await at("2026-02-28")).toBe(410n);
    expect(await at("2026-03-01")).toBe(460n);
    expect((await unitCostAt(db, SHOP, { variantId: "gid://shopify/ProductVariant/44012345678", sku: "MOK-B-S" }, "2026-03-05"))?.shopUnitCostMinor).toBe(102000n);
    await undoUpload(db, SHOP, u.uploadId);
    expect(await at("2026-03-01")).toBe(410n); // back to the Shopify export's 4.10 from 2025-12-01
  });

  it("refuses a file without an effective date, duplicates, negative costs and foreign costs without a rate", async () => {
    await expect(previewCosts(db, SHOP, fixture("shopify-products-export.csv"))).rejects.toThrow(/--effective-from/);
    const bad = fileInMemory("bad.csv", "SKU,Unit cost,Currency,Effective from\nA,1.00,EUR,2026-01-01\nA,2.00,EUR,2026-01-01\nB,-1.00,EUR,2026-01-01\nC,3.00,USD,2026-01-01\n");
    const p = await previewCosts(db, SHOP, bad);
    expect(p.problems.map((x) => [x.row, x.column, x.value])).toEqual([[3, "SKU", "A"], [4, "Unit cost", "-1.00"], [5, null, "USD on 2026-01-01"]]);
    await expect(commitCosts(db, p)).rejects.toThrow();
  });
});
