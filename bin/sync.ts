// npm run sync -- --shop SHOP --status
// Shows the sync state of a shop (backfill progress, last success, last error, webhook queue).
import { createDb } from "../app/db.server";
import { databaseUrl, fail, parseArgs, requireExistingDb } from "./lib";

const { args } = parseArgs(process.argv.slice(2), { values: ["shop"], flags: ["status", "json"] });
if (typeof args.shop !== "string") fail("--shop is required");
if (!args.status) fail("only --status is supported for now (the backfill runs on install)");
const url = databaseUrl();
requireExistingDb(url);
const db = createDb(url);
try {
  const states = await db.syncState.findMany({ where: { shop: args.shop } });
  const queue = await db.webhookEvent.groupBy({ by: ["status"], where: { shop: args.shop }, _count: { _all: true } });
  const out = {
    shop: args.shop,
    sources: states.map((s) => ({
      source: s.source, status: s.status, linesProcessed: s.linesProcessed, objectsTotal: s.objectsTotal,
      startedAt: s.startedAt, finishedAt: s.finishedAt, lastSuccessAt: s.lastSuccessAt,
      lagSeconds: s.lastSuccessAt ? Math.round((Date.now() - s.lastSuccessAt.getTime()) / 1000) : null,
      lastError: s.lastError,
    })),
    webhooks: Object.fromEntries(queue.map((q) => [q.status, q._count._all])),
  };
  if (args.json) console.log(JSON.stringify(out, null, 2));
  else {
    if (out.sources.length === 0) console.log(`${args.shop}: never synced`);
    for (const s of out.sources) {
      console.log(`${args.shop} ${s.source}: ${s.status}, ${s.linesProcessed}${s.objectsTotal ? "/" + s.objectsTotal : ""} objects` +
        `${s.lastSuccessAt ? `, last success ${s.lastSuccessAt.toISOString()} (${s.lagSeconds}s ago)` : ""}${s.lastError ? `, last error: ${s.lastError}` : ""}`);
    }
    console.log(`webhooks: ${Object.entries(out.webhooks).map(([k, v]) => `${v} ${k}`).join(", ") || "none"}`);
  }
} finally {
  await db.$disconnect();
}
