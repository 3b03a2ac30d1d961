// The dashboard in a real browser: the built app served over HTTP in GRIP_MODE=demo, Chromium
// loading /app for a small shop whose figures were worked out by hand (hand-counted-shop.ts),
// loaded into the database through the real sync path (stand-in, bulk backfill), checking what
// is on screen, that the chart's SVG rendered, that the date range picker changes the URL and the
// figures, and that nothing logged an error.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchChromium, type Browser } from "./chromium";
import { startStandin, type Standin } from "../standin/server";
import { handCountedDataset, seedThroughSync, SHOP } from "./hand-counted-shop";

const API_KEY = "grip-browser-test-key";
const API_SECRET = "grip-browser-test-secret";

const root = path.resolve(import.meta.dirname, "..", "..");
const NOVEMBER = "from=2011-11-01&to=2011-11-30";

let standin: Standin;
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  const { url } = await freshDatabase();
  standin = await startStandin({ datasets: [handCountedDataset()], apiKey: API_KEY, apiSecret: API_SECRET });
  const db = createDb(url);
  try {
    await seedThroughSync(db, standin, API_KEY, API_SECRET);
  } finally {
    await db.$disconnect();
  }
  app = await startAppServer({
    port: 0,
    host: "127.0.0.1",
    env: {
      GRIP_MODE: "demo",
      GRIP_DEMO_SHOP: SHOP,
      GRIP_SHOPIFY_ENDPOINT: standin.url,
      DATABASE_URL: url,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await standin?.close();
});

/** The text a sighted user reads: Polaris' visually hidden labels (e.g. a badge's tone) left out. */
async function text(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((node) => {
    const copy = node.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".Polaris-Text--visuallyHidden").forEach((n) => n.remove());
    return (copy.textContent ?? "").replace(/[ \t\r\n]+/g, " ").trim(); // keeps no-break spaces
  });
}

async function kpis(page: Page): Promise<Record<string, { shown: string; exact: string | null; change: string }>> {
  const out: Record<string, { shown: string; exact: string | null; change: string }> = {};
  for (const id of ["gross_sales", "returns", "net_sales", "orders", "aov", "return_rate"]) {
    out[id] = {
      shown: await text(page, `kpi-${id}`),
      exact: await page.getByTestId(`kpi-${id}`).getAttribute("data-value"),
      // "+12.3% vs £10.00 in the previous period", or the sentence shown instead of a change
      change:
        (await page.getByTestId(`kpi-${id}-delta`).count()) > 0
          ? `${await text(page, `kpi-${id}-delta`)} ${await text(page, `kpi-${id}-previous`)}`
          : await text(page, `kpi-${id}-change`),
    };
  }
  return out;
}

async function channelRows(page: Page): Promise<string[][]> {
  return page.getByTestId("channel-table").locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").trim())),
  );
}

describe("dashboard (demo mode, Chromium)", () => {
  test("shows the hand-counted figures for November 2011, the chart and the channel table", async () => {
    const { page, errors } = await browser.newPage();
    const response = await page.goto(`${app.url}/app?${NOVEMBER}`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("Dashboard · Grip");

    // polaris-viz mounts after hydration: wait for the chart's line to be drawn.
    const chart = page.getByTestId("net-sales-chart");
    await chart.locator("svg path").first().waitFor({ state: "attached", timeout: 15_000 });
    expect(await chart.locator("svg").count()).toBeGreaterThan(0);

    expect(await kpis(page)).toEqual({
      // 2 × £10.00 + 1 × £5.50 (O1) + 3 × £4.25 (O2) + 1 × £10.00 (O3); test order and gift card excluded
      gross_sales: { shown: "£48.25", exact: "48.25", change: "+382.5% vs £10.00 in the previous period" },
      // refunds processed in November: £5.50 (O1) + £10.00 (O3) + £10.00 (P1, an October order)
      returns: { shown: "£25.50", exact: "25.50", change: "Previous period: £0.00" },
      // 48.25 − 1.75 discount (O2) − 25.50
      net_sales: { shown: "£21.00", exact: "21.00", change: "+110.0% vs £10.00 in the previous period" },
      orders: { shown: "3", exact: "3", change: "+200.0% vs 1 in the previous period" },
      // (48.25 − 1.75) / 3 = 15.50
      aov: { shown: "£15.50", exact: "15.50", change: "+55.0% vs £10.00 in the previous period" },
      // units returned from November's orders (1 of O1, 1 of O3) / units sold (2 + 1 + 3 + 1) = 2/7;
      // October: P1's 1 unit, refunded in November = 100 %; 28.57 − 100 = −71.4 points
      return_rate: { shown: "28.57%", exact: "0.2857", change: "-71.4 pp vs 100.00% in the previous period" },
    });

    // Online Store: O1 + O3 gross 35.50, returns 5.50 + 10.00 + 10.00 (P1 is an Online Store order) → 10.00
    // Point of Sale: O2 12.75 − 1.75 = 11.00; largest net first.
    expect(await channelRows(page)).toEqual([
      ["Point of Sale", "1", "£12.75", "£11.00"],
      ["Online Store", "2", "£35.50", "£10.00"],
    ]);

    expect(await text(page, "range-summary")).toBe("1 Nov 2011 – 30 Nov 2011, compared with 2 Oct 2011 – 31 Oct 2011");
    expect(await text(page, "sync-status")).toMatch(/^Last synced \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2} UTC$/);
    expect(await page.getByRole("heading", { name: "Dashboard", level: 1 }).isVisible()).toBe(true);

    mkdirSync(path.join(root, "test-results"), { recursive: true });
    await page.screenshot({ path: path.join(root, "test-results", "dashboard.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("defaults to the 30 days ending on the latest day with orders, and the picker's presets change the URL and figures", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${app.url}/app`, { waitUntil: "networkidle" });
    // Latest non-test order: O3 on 20 Nov 2011 → 22 Oct – 20 Nov.
    expect(await text(page, "range-summary")).toBe("22 Oct 2011 – 20 Nov 2011, compared with 22 Sept 2011 – 21 Oct 2011");

    await page.getByTestId("date-range-picker").getByRole("button").first().click();
    await page.getByRole("button", { name: "Last month" }).click();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/from=2011-10-01&to=2011-10-31/);
    await page.getByTestId("range-summary").filter({ hasText: "1 Oct 2011 – 31 Oct 2011" }).waitFor();

    const october = await kpis(page);
    expect(october.gross_sales.shown).toBe("£10.00");
    expect(october.orders.shown).toBe("1");
    expect(october.returns.shown).toBe("£0.00");
    expect(october.net_sales.shown).toBe("£10.00");
    expect(october.gross_sales.change).toBe("No data in previous period");

    // Typing a custom range into the two day fields.
    await page.getByTestId("date-range-picker").getByRole("button").first().click();
    await page.getByRole("textbox", { name: "From", exact: true }).fill("2011-11-03");
    await page.getByRole("textbox", { name: "To", exact: true }).fill("2011-11-05");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/from=2011-11-03&to=2011-11-05/);
    await page.getByTestId("range-summary").filter({ hasText: "3 Nov 2011 – 5 Nov 2011" }).waitFor();
    const custom = await kpis(page);
    // O1 only: gross 25.50, its refund of 5.50 on the 5th.
    expect(custom.gross_sales.shown).toBe("£25.50");
    expect(custom.returns.shown).toBe("£5.50");
    expect(custom.net_sales.shown).toBe("£20.00");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a malformed parameter shows a banner naming it and its value, not a crash", async () => {
    const { page, errors } = await browser.newPage();
    const response = await page.goto(`${app.url}/app?from=2011-13-01&to=2011-11-30`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    const banner = await text(page, "range-problem");
    expect(banner).toContain("“from”");
    expect(banner).toContain("“2011-13-01”");
    expect(banner).toContain("22 Oct 2011 – 20 Nov 2011");
    await page.goto(`${app.url}/app?from=2011-11-30&to=2011-11-01`, { waitUntil: "networkidle" });
    expect(await text(page, "range-problem")).toContain("Parameter “to” (2011-11-01) is before “from” (2011-11-30).");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("an empty period says so instead of showing 0 % or NaN", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${app.url}/app?from=2011-06-01&to=2011-06-30`, { waitUntil: "networkidle" });
    expect(await text(page, "no-orders")).toContain("No orders in this period");
    expect(await text(page, "kpi-aov")).toBe("No orders in this period");
    expect(await text(page, "kpi-return_rate")).toBe("No orders in this period");
    expect(await text(page, "kpi-gross_sales")).toBe("£0.00");
    expect(await page.locator("body").textContent()).not.toMatch(/NaN|Infinity/);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Dutch locale formats the shop currency the Dutch way", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${app.url}/app?${NOVEMBER}&locale=nl`, { waitUntil: "networkidle" });
    expect(await text(page, "kpi-gross_sales")).toBe("£\u00a048,25");
    expect(await text(page, "kpi-return_rate")).toBe("28,57%");
    expect(await page.getByRole("heading", { name: "Nettoverkoop per dag" }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
