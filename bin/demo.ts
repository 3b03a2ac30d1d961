// npm run demo: the app on real data, on this machine, with nothing to configure.
//   1. applies migrations to data/grip.sqlite;
//   2. loads the demo shop (a real UK webshop's 2010-12..2011-12 transactions, docs/demo-data.md)
//      into the Shopify stand-in and starts it on 127.0.0.1;
//   3. builds (if needed) and starts Grip on http://127.0.0.1:3000 in demo mode, pointed at the
//      stand-in;
//   4. installs Grip into the demo shop the way Shopify does it (a session token from the "admin",
//      token exchange, afterAuth), which starts the bulk backfill; shows its progress;
//   5. prints `ready: <url>` once the backfill is complete. A second run finds the backfill done
//      and is ready in seconds.
import path from "node:path";
import { mkdirSync, rmSync } from "node:fs";
import { createDb } from "../app/db.server";
import { startStandin } from "../test/standin/server";
import { loadOnlineRetail, formatReport } from "../test/standin/online-retail";
import { startAppServer } from "../test/helpers/app-server";
import { DEFAULT_DB_FILE, ProgressBar, ROOT, migrate } from "./lib";

const SHOP = "online-retail-demo.myshopify.com";
const APP_PORT = Number(process.env.PORT ?? 3000);
const STANDIN_PORT = Number(process.env.GRIP_STANDIN_PORT ?? 3457);
// Demo credentials: the stand-in and the app share them; they open nothing outside this machine.
const API_KEY = "grip-demo-client-id";
const API_SECRET = "grip-demo-client-secret";

const log = (msg: string) => console.log(`demo: ${msg}`);

async function main(): Promise<void> {
  mkdirSync(path.dirname(DEFAULT_DB_FILE), { recursive: true });
  const databaseUrl = process.env.DATABASE_URL ?? `file:${DEFAULT_DB_FILE}`;
  migrate(databaseUrl);
  log(`database ${databaseUrl} migrated`);

  const loadBar = new ProgressBar("loading demo shop ");
  const { dataset, report } = await loadOnlineRetail(path.join(ROOT, "data", "online-retail"), {
    onProgress: (done, total) => loadBar.update(done, total, "CSV lines"),
  });
  loadBar.done();
  console.log(formatReport(report));

  const appUrl = `http://127.0.0.1:${APP_PORT}`;
  // Bulk result files of earlier runs (hundreds of MB each) are of no use to a new stand-in.
  const standinDir = path.join(ROOT, ".standin");
  rmSync(standinDir, { recursive: true, force: true });
  const standin = await startStandin({
    datasets: [dataset],
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl,
    appToml: path.join(ROOT, "shopify.app.toml"),
    port: STANDIN_PORT,
    dataDir: standinDir,
  });
  log(`Shopify stand-in on ${standin.url}`);

  const app = await startAppServer({
    port: APP_PORT,
    host: "127.0.0.1",
    env: {
      GRIP_MODE: "demo",
      GRIP_DEMO_SHOP: SHOP,
      GRIP_SHOPIFY_ENDPOINT: standin.url,
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: appUrl,
    },
  });
  log(`Grip on ${app.url}`);

  const shutdown = async () => {
    await app.close().catch(() => undefined);
    await standin.close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  const db = createDb(databaseUrl);
  // The stand-in is new on every run, so tokens from an earlier run mean nothing to it: drop the
  // demo shop's stored sessions (demo only) so the install below exchanges a fresh token.
  await db.session.deleteMany({ where: { shop: SHOP } });

  // What Shopify's admin does when a merchant opens an embedded app: load it with a session token.
  const host = Buffer.from(`admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}`).toString("base64url");
  const idToken = standin.mintSessionToken(SHOP);
  const installUrl = `${app.url}/app?embedded=1&shop=${SHOP}&host=${host}&id_token=${encodeURIComponent(idToken)}`;
  const installStarted = new Date();
  const res = await fetch(installUrl, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" } });
  if (res.status !== 200) throw new Error(`install request answered HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`);
  log("installed into the demo shop (token exchange done); backfilling");

  const bar = new ProgressBar("backfill          ");
  let refundBar: ProgressBar | null = null;
  for (;;) {
    const state = await db.syncState.findUnique({ where: { shop_source: { shop: SHOP, source: "orders_backfill" } } });
    if (state?.status === "completed") break;
    // A failure recorded before this install is an earlier run's; the install retries it.
    if (state?.status === "failed" && state.updatedAt >= installStarted) throw new Error(`backfill failed: ${state.lastError}`);
    if (state?.objectsTotal && state.linesProcessed >= state.objectsTotal) {
      // The bulk file is stored; the refunds' line items are being read (docs/decisions/0002).
      if (!refundBar) { bar.done(); refundBar = new ProgressBar("refund line items "); }
      const [total, open] = await Promise.all([
        db.refund.count({ where: { shop: SHOP } }),
        db.refund.count({ where: { shop: SHOP, linesComplete: false } }),
      ]);
      refundBar.update(total - open, total, "refunds");
    } else if (state) {
      bar.update(state.linesProcessed, state.objectsTotal, state.objectsTotal ? "objects" : "(waiting for the bulk operation)");
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  (refundBar ?? bar).done();
  const orders = await db.order.count({ where: { shop: SHOP } });
  log(`backfill complete: ${orders.toLocaleString("en-GB")} orders`);
  await db.$disconnect();

  console.log(`ready: ${app.url}/app`);
  console.log(`(the demo shop's November 2011: ${app.url}/app?from=2011-11-01&to=2011-11-30; Ctrl-C stops)`);
}

main().catch((err) => {
  if ((err as { code?: string }).code === "EADDRINUSE") {
    console.error(`demo failed: ${(err as Error).message}. Is another \`npm run demo\` running? Stop it, or choose other ports with PORT=... GRIP_STANDIN_PORT=...`);
    process.exit(1);
  }
  console.error(`demo failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
