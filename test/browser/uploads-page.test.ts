// The Uploads page in Chromium (demo mode): drop a Meta export, see the preview (detected source,
// totals per day), confirm, see it listed, undo it. Figures by hand: 2026-03-01 = 33.00 + 5.50
// = 38.50 EUR, 2026-03-02 = 1.01 + 7.49 = 8.50 EUR (test/ingest/adspend-presets.test.ts).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchChromium, type Browser } from "./chromium";

const SHOP = "uploads-demo.myshopify.com";
let app: AppServer;
let browser: Browser;
let dbUrl: string;

beforeAll(async () => {
  ({ url: dbUrl } = await freshDatabase());
  const db = createDb(dbUrl);
  try {
    await db.shop.create({ data: { domain: SHOP, name: "Uploads demo", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
  } finally {
    await db.$disconnect();
  }
  app = await startAppServer({
    port: 0,
    host: "127.0.0.1",
    env: { GRIP_MODE: "demo", GRIP_DEMO_SHOP: SHOP, DATABASE_URL: dbUrl, SHOPIFY_API_KEY: "grip-uploads-key", SHOPIFY_API_SECRET: "grip-uploads-secret" },
  });
  browser = await launchChromium({ locale: "en-US" });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("Uploads page (Chromium)", () => {
  test("drop, preview, confirm, list, undo", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${app.url}/app/uploads`, { waitUntil: "networkidle" });
    await page.getByText("No uploads yet.").waitFor();
    await page.locator('input[type="file"]').setInputFiles(path.join(import.meta.dirname, "..", "fixtures", "uploads", "meta-breakdown-day-age.csv"));
    await page.getByText("Meta Ads Manager").first().waitFor({ timeout: 15_000 });
    const body = await page.locator("body").innerText();
    expect(body).toMatch(/2026-03-01\s+38\.50\s+EUR/);
    expect(body).toMatch(/2026-03-02\s+8\.50\s+EUR/);
    expect(body).toContain("total 47.00 EUR");
    await page.getByRole("button", { name: "Confirm and store" }).click();
    await page.getByText("Stored as upload #1 (4 rows).").waitFor({ timeout: 15_000 });
    await page.getByText("4 of 4 counted").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByText("Upload #1 undone.").waitFor({ timeout: 15_000 });
    await page.getByText("0 of 4 counted").waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    const db = createDb(dbUrl);
    try {
      expect(await db.adSpend.count({ where: { shop: SHOP, active: true } })).toBe(0);
      expect(await db.adSpend.count({ where: { shop: SHOP } })).toBe(4);
    } finally {
      await db.$disconnect();
    }
  });
});
