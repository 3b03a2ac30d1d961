// Grip's KPIs for the demo shop equal figures computed from the raw CSV by an independent
// program (test/oracle/online_retail_oracle.py -> test/fixtures/online-retail-expected.json),
// for every month, every day of November 2011 and the whole period. The data takes Grip's real
// path: the stand-in serves the shop, Grip exchanges a session token for an access token,
// backfills through the bulk operation and the refund-line reads, and the metrics module reads
// the SQLite file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { createAdminClient } from "../../app/modules/shopify/admin-client";
import { standinFetch } from "../../app/modules/shopify/endpoint";
import { backfillOrders } from "../../app/modules/sync/backfill";
import { refreshShop } from "../../app/modules/sync/install";
import { salesSummary } from "../../app/modules/metrics/sales";
import { formatMinor } from "../../app/modules/money";
import { addDays } from "../../app/modules/time";
import { freshDatabase } from "../helpers/db";
import { exchangeOfflineToken } from "../helpers/token";
import { startStandin, type Standin } from "../standin/server";
import { loadOnlineRetail } from "../standin/online-retail";

const SHOP = "online-retail-demo.myshopify.com";
const API_KEY = "grip-oracle-test-key";
const API_SECRET = "grip-oracle-test-secret";

interface Figures {
  orders: number; gross_sales: string; shipping: string; returns: string; net_sales: string;
  units_sold: number; units_returned: number; average_order_value: string | null;
}
const oracle = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/online-retail-expected.json"), "utf8")) as {
  months: Record<string, Figures>; days: Record<string, Figures>; total: Figures;
};

let db: PrismaClient;
let standin: Standin;

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return addDays(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01`, -1);
}

async function grip(from: string, to: string): Promise<Figures> {
  const s = await salesSummary(db, SHOP, { from, to });
  const m = (v: bigint) => formatMinor(v, "GBP");
  return {
    orders: s.orders, gross_sales: m(s.grossSales), shipping: m(s.shipping), returns: m(s.returns), net_sales: m(s.netSales),
    units_sold: s.unitsSold, units_returned: s.unitsReturned, average_order_value: s.averageOrderValue === null ? null : m(s.averageOrderValue),
  };
}

beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  const { dataset } = await loadOnlineRetail();
  standin = await startStandin({ datasets: [dataset], apiKey: API_KEY, apiSecret: API_SECRET });
  const access_token = await exchangeOfflineToken(standin, SHOP, API_KEY, API_SECRET, { expiring: true });
  const admin = createAdminClient({ shop: SHOP, fetch: standinFetch(standin.url), accessToken: async () => access_token });
  const ctx = await refreshShop(db, admin);
  await backfillOrders(db, admin, ctx, { pollIntervalMs: 200 });
}, 900_000);

afterAll(async () => {
  await standin?.close();
  await db?.$disconnect();
});

describe("demo shop KPIs against the independent oracle", () => {
  test("November 2011: the figures in the README", async () => {
    const nov = await grip("2011-11-01", "2011-11-30");
    expect(nov).toEqual(oracle.months["2011-11"]);
    expect([nov.orders, nov.gross_sales, nov.returns, nov.net_sales, nov.shipping]).toEqual([2874, "1457745.53", "22838.27", "1434907.26", "48408.38"]);
  });

  test("every month", async () => {
    for (const month of Object.keys(oracle.months)) {
      expect({ month, ...(await grip(`${month}-01`, lastDayOfMonth(month))) }).toEqual({ month, ...oracle.months[month] });
    }
  });

  test("every day of November 2011 (shop-local days)", async () => {
    for (const day of Object.keys(oracle.days)) {
      expect({ day, ...(await grip(day, day)) }).toEqual({ day, ...oracle.days[day] });
    }
  });

  test("the whole period", async () => {
    expect(await grip("2010-12-01", "2011-12-31")).toEqual(oracle.total);
  });

  test("nothing was stored twice or left half-done", async () => {
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(20_626);
    expect(await db.refund.count({ where: { shop: SHOP, linesComplete: false } })).toBe(0);
    const state = await db.syncState.findUniqueOrThrow({ where: { shop_source: { shop: SHOP, source: "orders_backfill" } } });
    expect(state.status).toBe("completed");
    expect(state.linesProcessed).toBe(state.objectsTotal);
  });
});
