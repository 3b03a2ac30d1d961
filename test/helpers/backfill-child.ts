// A backfill in its own process, so a test can kill it with SIGKILL half-way (as a crash or a
// deploy would) and start another. Env: DATABASE_URL, STANDIN_URL, SHOP, ACCESS_TOKEN, BATCH_LINES.
import { createDb } from "../../app/db.server";
import { createAdminClient } from "../../app/modules/shopify/admin-client";
import { standinFetch } from "../../app/modules/shopify/endpoint";
import { backfillOrders } from "../../app/modules/sync/backfill";
import { refreshShop } from "../../app/modules/sync/install";

const { DATABASE_URL, STANDIN_URL, SHOP, ACCESS_TOKEN, BATCH_LINES } = process.env;
if (!DATABASE_URL || !STANDIN_URL || !SHOP || !ACCESS_TOKEN) throw new Error("backfill-child: missing env");
const db = createDb(DATABASE_URL);
const admin = createAdminClient({ shop: SHOP, fetch: standinFetch(STANDIN_URL), accessToken: async () => ACCESS_TOKEN });
const ctx = await refreshShop(db, admin);
await backfillOrders(db, admin, ctx, { pollIntervalMs: 50, batchLines: Number(BATCH_LINES ?? 2000) });
await db.$disconnect();
console.log("backfill-child: done");
