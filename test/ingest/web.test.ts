// The Uploads page's action on real multipart requests: preview (nothing stored), confirm with
// the previewed hash, a changed file refused, undo; the list. The route only adds requireShop.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import { handleUploadAction, uploadList } from "../../app/modules/ingest/web.server";
import { freshDatabase } from "../helpers/db";

const SHOP = "web.myshopify.com";
let db: PrismaClient;
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));

function post(fields: Record<string, string>, file?: { name: string; bytes: Buffer }): Request {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (file) fd.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: "text/csv" }));
  return new Request("http://127.0.0.1/app/uploads", { method: "POST", body: fd });
}

beforeAll(async () => {
  db = createDb((await freshDatabase()).url);
  await db.shop.create({ data: { domain: SHOP, name: "W", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
});
afterAll(async () => { await db?.$disconnect(); });

describe("Uploads page action", () => {
  it("previews, stores on confirm with the same bytes only, lists and undoes", async () => {
    const meta = { name: "+meta.csv", bytes: fixture("meta-breakdown-day-age.csv") };
    const r = await handleUploadAction(db, SHOP, post({ intent: "preview" }, meta));
    if (r.kind !== "preview") throw new Error(JSON.stringify(r));
    expect(r.preview.label).toBe("Meta Ads Manager");
    expect(r.preview.fileName).toBe("'+meta.csv"); // formula-looking text escaped for display/export
    expect(r.preview.totals).toEqual([["2026-03-01", "38.50", "EUR"], ["2026-03-02", "8.50", "EUR"]]);
    expect(r.preview.shopTotal).toBe("47.00 EUR");
    expect(await db.upload.count()).toBe(0);

    const tampered = await handleUploadAction(db, SHOP, post({ intent: "confirm", contentHash: "0".repeat(64) }, meta));
    expect(tampered).toEqual({ kind: "error", problems: ["The file changed since the preview: preview it again."] });
    const stored = await handleUploadAction(db, SHOP, post({ intent: "confirm", contentHash: r.preview.contentHash }, meta));
    expect(stored).toEqual({ kind: "stored", message: "Stored as upload #1 (4 rows)." });
    expect((await uploadList(db, SHOP)).map((u) => [u.id, u.status, u.rows])).toEqual([[1, "active", "4 of 4 counted"]]);
    expect(await handleUploadAction(db, SHOP, post({ intent: "undo", uploadId: "1" }))).toEqual({ kind: "stored", message: "Upload #1 undone." });
    expect((await uploadList(db, SHOP))[0].rows).toBe("0 of 4 counted");
  });

  it("a bad file: the problems, in the merchant's words", async () => {
    const r = await handleUploadAction(db, SHOP, post({ intent: "preview" }, { name: "g.csv", bytes: fixture("google-all-time.csv") }));
    expect(r.kind).toBe("error");
    expect(r.kind === "error" && r.problems[0]).toMatch(/"All time"/);
  });
});
