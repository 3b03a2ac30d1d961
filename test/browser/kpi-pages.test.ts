// "Sales & channels" (/app/sales) and "Customers" (/app/customers) in Chromium: the built app in
// GRIP_MODE=demo on the small Los Angeles shop of test/metrics/customer-shop.ts (facts written
// straight into a fresh database), checking the hand-computed figures on screen, that the charts
// drew, sorting, the CSV export, the empty period, and that nothing logged an error. Screenshots
// go to test-results/.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchChromium, type Browser } from "./chromium";
import { seedShop } from "../metrics/facts-builder";
import { COHORT_ORDERS, COHORT_REFUNDS, COHORT_SHOP } from "../metrics/customer-shop";

const root = path.resolve(import.meta.dirname, "..", "..");
const MARCH = "from=2026-03-01&to=2026-03-31";
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  const { url } = await freshDatabase();
  const db = createDb(url);
  try {
    await seedShop(db, COHORT_SHOP, COHORT_ORDERS, COHORT_REFUNDS);
  } finally {
    await db.$disconnect();
  }
  app = await startAppServer({
    port: 0,
    host: "127.0.0.1",
    env: { GRIP_MODE: "demo", GRIP_DEMO_SHOP: COHORT_SHOP.shop, DATABASE_URL: url, SHOPIFY_API_KEY: "grip-kpi-pages-key", SHOPIFY_API_SECRET: "grip-kpi-pages-secret" },
  });
  browser = await launchChromium({ locale: "en-US" });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function text(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((node) => {
    const copy = node.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".Polaris-Text--visuallyHidden").forEach((n) => n.remove());
    return (copy.textContent ?? "").replace(/[ \t\r\n]+/g, " ").trim();
  });
}

async function tile(page: Page, id: string): Promise<string[]> {
  return [await text(page, `tile-${id}`), await text(page, `tile-${id}-change-0`), await text(page, `tile-${id}-change-1`)];
}

async function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page.getByTestId(testId).locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").trim())),
  );
}

async function chartDrew(page: Page, testId: string): Promise<void> {
  // polaris-viz mounts after hydration; a drawn line is an SVG path with a non-empty "d".
  const chart = page.getByTestId(testId);
  await chart.locator("svg path[d]").first().waitFor({ state: "attached", timeout: 15_000 });
  const drawn = await chart.locator("svg path[d]").evaluateAll((ps) => ps.filter((p) => (p.getAttribute("d") ?? "").length > 10).length);
  expect(drawn).toBeGreaterThan(0);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(path.join(root, "test-results"), { recursive: true });
  await page.screenshot({ path: path.join(root, "test-results", name), fullPage: true });
}

describe("Sales & channels (Chromium)", () => {
  test("March 2026 by ISO week: cards, chart, tables, sorting and CSV", async () => {
    const { page, errors } = await browser.newPage();
    const res = await page.goto(`${app.url}/app/sales?${MARCH}&g=week`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("Sales & channels · Grip");
    await chartDrew(page, "sales-chart");
    await page.getByTestId("spark-net_sales").locator("svg").first().waitFor({ state: "attached" });

    expect(await text(page, "range-summary")).toBe(
      "Mar 1, 2026 – Mar 31, 2026, compared with Jan 29, 2026 – Feb 28, 2026 (previous period) and Mar 1, 2025 – Mar 31, 2025 (last year)",
    );
    // March: #49 80.00 + #51 15.00 (a guest) + #47 25.00 = 120.00 gross; refund 81 (03-01) 10.00;
    // net 110.00; no shipping, tax or duties: total 110.00; 3 orders; AOV 120 / 3 = 40.00.
    // Previous period (01-29..02-28): #46 60.00 cancelled on its day (return 60.00) and #42 50.00:
    // gross 110, returns 60, net 50, 2 orders, AOV 55. Last year: nothing.
    expect(await tile(page, "net_sales")).toEqual(["$110.00", "+120.0% vs previous period ($50.00)", "No comparison vs last year ($0.00)"]); // 60/50
    expect(await tile(page, "gross_sales")).toEqual(["$120.00", "+9.1% vs previous period ($110.00)", "No comparison vs last year ($0.00)"]); // 10/110
    expect(await tile(page, "returns")).toEqual(["$10.00", "-83.3% vs previous period ($60.00)", "No comparison vs last year ($0.00)"]); // −50/60
    expect(await tile(page, "total_sales")).toEqual(["$110.00", "+120.0% vs previous period ($50.00)", "No comparison vs last year ($0.00)"]);
    expect(await tile(page, "orders")).toEqual(["3", "+50.0% vs previous period (2)", "No comparison vs last year (0)"]);
    expect(await tile(page, "aov")).toEqual(["$40.00", "-27.3% vs previous period ($55.00)", "No comparison vs last year"]); // −15/55
    // Return rate as of today (orders ≥ 30 days old): March's 3 uncancelled units, none back; the
    // previous period's 1 unit (#42; the cancelled #46 is left out), none back; last year none.
    expect(await tile(page, "return_rate")).toEqual(["0.00%", "0.0 pp vs previous period (0.00%)", "No comparison vs last year"]);
    expect(await text(page, "tile-net_sales-help")).toBe("Gross sales − discounts − returns. Excludes shipping and taxes.");

    // The sales report per ISO week, clipped to the range: W09 is 03-01 only (a Sunday).
    const weeks = [
      ["2026-W09 (2026-03-01 – 2026-03-01)", "0", "$0.00", "$0.00", "$10.00", "-$10.00", "$0.00", "$0.00", "$0.00", "-$10.00"],
      ["2026-W10 (2026-03-02 – 2026-03-08)", "2", "$95.00", "$0.00", "$0.00", "$95.00", "$0.00", "$0.00", "$0.00", "$95.00"],
      ["2026-W11 (2026-03-09 – 2026-03-15)", "1", "$25.00", "$0.00", "$0.00", "$25.00", "$0.00", "$0.00", "$0.00", "$25.00"],
      ["2026-W12 (2026-03-16 – 2026-03-22)", "0", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00"],
      ["2026-W13 (2026-03-23 – 2026-03-29)", "0", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00"],
      ["2026-W14 (2026-03-30 – 2026-03-31)", "0", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00"],
    ];
    expect(await tableRows(page, "sales-table")).toEqual(weeks);
    expect(await tableRows(page, "channel-table")).toEqual([["Online Store", "3", "$120.00", "$0.00", "$10.00", "$110.00"]]);
    // MUG: the three March orders; SOCK: only the refund of a January sock.
    expect(await tableRows(page, "product-table")).toEqual([
      ["MUG", "Mug", "3", "$120.00", "$0.00", "$0.00", "$120.00"],
      ["SOCK", "Socks", "0", "$0.00", "$0.00", "$10.00", "-$10.00"],
    ]);

    // Sorting by net sales (largest first), by the exact value: W10, W11, the zero weeks in their
    // order, then W09's −10.00.
    await page.getByTestId("sales-table").getByRole("button", { name: /Net sales/ }).click();
    expect((await tableRows(page, "sales-table")).map((r) => r[0].slice(0, 8))).toEqual(["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14", "2026-W09"]);

    // CSV of the rows behind the product table: exact figures; −10.00 stays a number.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("product-table").getByRole("button", { name: /Export/ }).click()]);
    expect(download.suggestedFilename()).toBe("products-2026-03-01-2026-03-31.csv");
    expect(readFileSync((await download.path())!, "utf8")).toBe(
      "Product (SKU),Title,Units sold,Gross sales,Discounts,Returns,Net sales\r\nMUG,Mug,3,120.00,0.00,0.00,120.00\r\nSOCK,Socks,0,0.00,0.00,10.00,-10.00\r\n",
    );
    await shot(page, "sales-page.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("an empty period says so, with no 0 % or NaN", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${app.url}/app/sales?from=2025-06-01&to=2025-06-30`, { waitUntil: "networkidle" });
    expect(await text(page, "empty-period")).toContain("No sales in this period");
    expect(await text(page, "tile-aov")).toBe("No data");
    expect(await text(page, "tile-return_rate")).toBe("No data");
    expect(await page.locator("body").textContent()).not.toMatch(/NaN|Infinity/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Customers (Chromium)", () => {
  test("March 2026 by ISO week: cards, chart, weekly table and cohort", async () => {
    const { page, errors } = await browser.newPage();
    const res = await page.goto(`${app.url}/app/customers?${MARCH}&g=week`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    await chartDrew(page, "customers-chart");
    // March: C (returning: first order 02-03) and D (new: first real order 03-05); the guest's
    // #51 apart. Previous period (01-29..02-28): A (returning) and C (new), no guest.
    expect(await tile(page, "customers")).toEqual(["2", "0.0% vs previous period (2)", "No comparison vs last year (0)"]);
    expect(await tile(page, "new_customers")).toEqual(["1", "0.0% vs previous period (1)", "No comparison vs last year (0)"]);
    expect(await tile(page, "returning_customers")).toEqual(["1", "0.0% vs previous period (1)", "No comparison vs last year (0)"]);
    // ≥ 2 orders by the range's end: C of {C, D} = 50 %; previous: A of {A, C} = 50 %.
    expect(await tile(page, "returning_customer_rate")).toEqual(["50.00%", "0.0 pp vs previous period (50.00%)", "No comparison vs last year"]);
    // Nobody ordered twice inside March; in the previous period nobody either (A: 02-15 only inside it).
    expect(await tile(page, "repeat_purchase_rate")).toEqual(["0.00%", "0.0 pp vs previous period (0.00%)", "No comparison vs last year"]);
    // C: 02-03 -> 03-10 = 35 days.
    expect(await text(page, "tile-days_to_second_order")).toBe("35 days (1 customer, mean 35.00)");
    expect(await text(page, "tile-guest_orders")).toBe("1");
    // Per ISO week: W10 D new; W11 C returning (2 orders by 03-15: rate 100 %); others empty.
    expect(await tableRows(page, "customers-table")).toEqual([
      ["2026-W09 (2026-03-01 – 2026-03-01)", "0", "0", "0", "No data"],
      ["2026-W10 (2026-03-02 – 2026-03-08)", "1", "1", "0", "0.00%"],
      ["2026-W11 (2026-03-09 – 2026-03-15)", "1", "0", "1", "100.00%"],
      ["2026-W12 (2026-03-16 – 2026-03-22)", "0", "0", "0", "No data"],
      ["2026-W13 (2026-03-23 – 2026-03-29)", "0", "0", "0", "No data"],
      ["2026-W14 (2026-03-30 – 2026-03-31)", "0", "0", "0", "No data"],
    ]);
    // March's cohort: D alone, active in month 0, 80.00 net sales.
    expect(await tableRows(page, "cohort-table")).toEqual([["2026-03", "1", "100.00%", "$80.00"]]);
    await shot(page, "customers-page.png");
    // Outside the admin (demo) the nav is a plain link bar; it leads back to the sales page.
    await page.getByTestId("app-nav").getByRole("link", { name: "Sales & channels" }).click();
    await page.waitForURL(/\/app\/sales/);
    await page.getByTestId("tile-net_sales").waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
