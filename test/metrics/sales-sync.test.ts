// The cancellation rule through the real sync path: a Los Angeles shop at the stand-in, backfilled
// by app/modules/sync (token exchange, shop query, bulk operation, facts), then read by salesDays.
//   #2001 2026-03-08T07:30Z = 03-07 23:30 PST: 2 T-shirts (2 x 20.00) with 8.00 VAT and 3.00
//         import duties, + 5.00 shipping. Refund 601 at 2026-03-08T20:00Z = 03-08 13:00 PDT: one
//         T-shirt, 20.00, its 4.00 VAT and 1.50 of the duties. Cancelled at 2026-03-09T07:30Z =
//         03-09 00:30 PDT (daylight saving started on 03-08); the rest was never refunded.
//   #2002 2026-03-08T12:00Z = 03-08 05:00 PDT: 1 mug, 8.50.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createDb } from "../../app/db.server";
import { formatMinor } from "../../app/modules/money";
import { salesDays } from "../../app/modules/metrics/sales";
import { createAdminClient } from "../../app/modules/shopify/admin-client";
import { standinFetch } from "../../app/modules/shopify/endpoint";
import { backfillOrders } from "../../app/modules/sync/backfill";
import { refreshShop } from "../../app/modules/sync/install";
import { freshDatabase } from "../helpers/db";
import { startStandin, type Standin } from "../standin/server";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../standin/auth";
import { gbp, line, order, tinyShop } from "../fixtures/tiny-shop";
import type { Dataset } from "../standin/dataset";

const SHOP = "cancel-sync.myshopify.com";
const KEY = "grip-cancel-sync-key";
const SECRET = "grip-cancel-sync-secret";
let standin: Standin;
let db: PrismaClient;

function dataset(): Dataset {
  const base = tinyShop();
  const tee = { ...line("TEE", 2, undefined, 201), taxLines: [{ title: "VAT", rate: 0.2, priceSet: gbp("8.00") }], duties: [{ id: "gid://shopify/Duty/1", harmonizedSystemCode: null, priceSet: gbp("3.00") }] };
  const cancelled = order(2001, "2026-03-08T07:30:00Z", [tee], { shipping: "5.00", cancelledAt: "2026-03-09T07:30:00Z", cancelReason: "CUSTOMER", updatedAt: "2026-03-09T07:30:00Z" });
  cancelled.refunds.push({
    id: "gid://shopify/Refund/601", createdAt: "2026-03-08T20:00:00Z", processedAt: "2026-03-08T20:00:00Z", updatedAt: "2026-03-08T20:00:00Z", note: null,
    refundLineItems: [{ id: "gid://shopify/RefundLineItem/6010", lineItemId: tee.id, quantity: 1, restockType: "RETURN", priceSet: gbp("20.00"), subtotalSet: gbp("20.00"), totalTaxSet: gbp("4.00") }],
    refundShippingLines: [],
    duties: [{ dutyId: "gid://shopify/Duty/1", amountSet: gbp("1.50") }],
  });
  const kept = order(2002, "2026-03-08T12:00:00Z", [line("MUG", 1, undefined, 202)]);
  return { ...base, shop: { ...base.shop, domain: SHOP, name: "Cancel Sync", ianaTimezone: "America/Los_Angeles" }, orders: [cancelled, kept] };
}

beforeAll(async () => {
  const { url } = await freshDatabase();
  db = createDb(url);
  standin = await startStandin({ datasets: [dataset()], apiKey: KEY, apiSecret: SECRET });
  const res = await fetch(`${standin.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Standin-Shop": SHOP },
    body: JSON.stringify({ client_id: KEY, client_secret: SECRET, grant_type: TOKEN_EXCHANGE_GRANT, subject_token: standin.mintSessionToken(SHOP), subject_token_type: ID_TOKEN_TYPE, requested_token_type: OFFLINE_TOKEN_TYPE }),
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  const admin = createAdminClient({ shop: SHOP, fetch: standinFetch(standin.url), accessToken: async () => token });
  const ctx = await refreshShop(db, admin);
  await backfillOrders(db, admin, ctx, { pollIntervalMs: 50 });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await standin?.close();
});

describe("a cancellation synced from the stand-in", () => {
  test("is a sale on its day and a return of what no refund covered on the shop-local cancel day, taxes and duties included", async () => {
    const o = await db.order.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: "gid://shopify/Order/2001" } } });
    expect([o.processedDay, o.cancelledDay]).toEqual(["2026-03-07", "2026-03-09"]);
    const days = await salesDays(db, SHOP, { from: "2026-03-07", to: "2026-03-09" });
    const g = (v: bigint) => formatMinor(v, "GBP");
    // 03-07: #2001 sold: 40.00, shipping 5.00, tax 8.00, duties 3.00; total 56.00.
    // 03-08: #2002 8.50; refund 601 returns 20.00 with 4.00 tax and 1.50 duties: net -11.50,
    //        total -11.50 - 4.00 - 1.50 = -17.00.
    // 03-09: the cancellation returns what no refund covered: the other T-shirt (20.00), the 5.00
    //        shipping, 8.00 - 4.00 = 4.00 tax, 3.00 - 1.50 = 1.50 duties: total -30.50.
    expect(days.map((d) => [d.day, d.orders, g(d.grossSales), g(d.returns), g(d.cancellations), g(d.netSales), g(d.shipping), g(d.taxes), g(d.duties), g(d.totalSales), d.unitsReturned])).toEqual([
      ["2026-03-07", 1, "40.00", "0.00", "0.00", "40.00", "5.00", "8.00", "3.00", "56.00", 0],
      ["2026-03-08", 1, "8.50", "20.00", "0.00", "-11.50", "0.00", "-4.00", "-1.50", "-17.00", 1],
      ["2026-03-09", 0, "0.00", "20.00", "20.00", "-20.00", "-5.00", "-4.00", "-1.50", "-30.50", 1],
    ]);
    // Over the three days the cancelled order nets to zero in every column: only #2002 is left
    // (56.00 - 17.00 - 30.50 = 8.50).
    expect(g(days.reduce((t, d) => t + d.totalSales, 0n))).toBe("8.50");
  });
});
