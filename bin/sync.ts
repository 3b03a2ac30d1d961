// npm run sync -- --shop SHOP --status [--json]
//   Every sync source of the shop (orders backfill, catalog, reconciliation, webhook queue) with
//   last success, lag, progress and last error.
// npm run sync -- --shop SHOP --reconcile      (or --all --reconcile: every installed shop)
//   Re-reads orders changed since the last watermark and repairs what webhooks missed. This is
//   what a production cron runs when the in-process hourly schedule is off.
// npm run sync -- --shop SHOP --catalog
//   Reads products, variants and inventory items (costs) again.
// npm run sync -- --shop SHOP --inventory      (or --all --inventory)
//   Takes today's inventory snapshot (levels per item and location, valued at cost); again on the
//   same day replaces that day's rows.
// --reconcile and --catalog call Shopify with the shop's offline session, so they need the app's
// environment (SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL; GRIP_SHOPIFY_ENDPOINT for
// the stand-in) besides DATABASE_URL.
import { createDb } from "../app/db.server";
import { formatMinor } from "../app/modules/money";
import { formatSyncStatus, syncStatus } from "../app/modules/sync/status";
import { databaseUrl, fail, parseArgs, requireExistingDb } from "./lib";

const { args } = parseArgs(process.argv.slice(2), { values: ["shop"], flags: ["status", "json", "reconcile", "catalog", "inventory", "all"] });
const modes = ["status", "reconcile", "catalog", "inventory"].filter((m) => args[m]);
if (modes.length !== 1) fail("say what to do: one of --status, --reconcile, --catalog, --inventory");
if (typeof args.shop !== "string" && !(args.all && (args.reconcile || args.inventory))) fail("--shop is required (--all only with --reconcile or --inventory)");
const url = databaseUrl();
requireExistingDb(url);
const db = createDb(url);
try {
  if (args.status) {
    const status = await syncStatus(db, args.shop as string);
    console.log(args.json ? JSON.stringify(status, null, 2) : formatSyncStatus(status));
  } else {
    // Loaded only here: it validates the app's environment and sets up Shopify's client.
    const { adminFor } = await import("../app/shopify.server");
    const { shopContext } = await import("../app/modules/sync/install");
    const shops = args.all
      ? (await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } })).map((s) => s.domain)
      : [args.shop as string];
    let failed = 0;
    for (const shop of shops) {
      const ctx = await shopContext(db, shop);
      if (!ctx) {
        console.error(`${shop}: not installed`);
        failed++;
        continue;
      }
      try {
        if (args.reconcile) {
          const { reconcileOrders } = await import("../app/modules/sync/reconcile");
          const r = await reconcileOrders(db, adminFor(shop), ctx, {
            onPage: (p) => process.stderr.write(`\r${shop}: ${p.listed} changed orders listed, ${p.refetched} refetched`),
          });
          process.stderr.write("\n");
          console.log(r.skipped
            ? `${shop}: skipped (${r.reason})`
            : `${shop}: ${r.listed} changed orders listed, ${r.refetched} refetched, ${r.repaired} repaired; watermark ${r.watermark?.toISOString() ?? "-"}`);
        } else if (args.inventory) {
          const { snapshotInventory } = await import("../app/modules/sync/inventory");
          const r = await snapshotInventory(db, adminFor(shop), ctx);
          console.log(`${shop}: inventory snapshot of ${r.day}: ${r.levels} levels at ${r.locations} locations, valued at ${formatMinor(r.valueAmount, ctx.currencyCode)} ${ctx.currencyCode}`);
        } else {
          const { syncCatalog } = await import("../app/modules/sync/catalog");
          const r = await syncCatalog(db, adminFor(shop), ctx);
          console.log(`${shop}: ${r.products} products, ${r.variants} variants stored, ${r.removed} rows removed`);
        }
      } catch (err) {
        console.error(`${shop}: failed: ${(err as Error).message}`);
        failed++;
      }
    }
    if (failed > 0) process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
