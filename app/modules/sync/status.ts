// Sync status of one shop, for `npm run sync -- --status` and the /app/sync page: every source
// Grip keeps (listed even before its first run), with its last success, lag, progress and last
// error, and the webhook queue.
//
// Lag, per source: seconds since its last success (the data is at least that fresh); for the
// webhook queue: age of the oldest event still waiting (0 when nothing waits).
import type { PrismaClient } from "@prisma/client";
import { BACKFILL_SOURCE } from "./backfill";
import { CATALOG_SOURCE } from "./catalog";
import { RECONCILE_SOURCE } from "./reconcile";
import { INVENTORY_SOURCE } from "./inventory";

export interface SourceStatus {
  source: string;
  label: string;
  status: "never" | "running" | "completed" | "failed" | string;
  lastSuccessAt: string | null;
  lagSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  progress: { done: number; total: number | null } | null;
  watermark: string | null;
  lastError: string | null;
}

export interface WebhookQueueStatus {
  queued: number;
  processed: number;
  skipped: number;
  failed: number;
  oldestQueuedAt: string | null;
  lagSeconds: number;
  lastProcessedAt: string | null;
  lastError: { topic: string; error: string; at: string | null } | null;
}

export interface SyncStatus {
  shop: string;
  at: string;
  sources: SourceStatus[];
  webhooks: WebhookQueueStatus;
}

const SOURCES: Array<{ source: string; label: string }> = [
  { source: BACKFILL_SOURCE, label: "Orders backfill" },
  { source: CATALOG_SOURCE, label: "Catalog (products, variants, costs)" },
  { source: RECONCILE_SOURCE, label: "Orders reconciliation" },
  { source: INVENTORY_SOURCE, label: "Inventory snapshot (daily)" },
];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const secondsSince = (d: Date | null | undefined, now: Date) => (d ? Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000)) : null);

export async function syncStatus(db: PrismaClient, shop: string, now = new Date()): Promise<SyncStatus> {
  const states = await db.syncState.findMany({ where: { shop } });
  const known = new Map(states.map((s) => [s.source, s]));
  const labelled = [...SOURCES, ...states.filter((s) => !SOURCES.some((x) => x.source === s.source)).map((s) => ({ source: s.source, label: s.source }))];
  const sources: SourceStatus[] = labelled.map(({ source, label }) => {
    const s = known.get(source);
    if (!s) {
      return { source, label, status: "never", lastSuccessAt: null, lagSeconds: null, startedAt: null, finishedAt: null, progress: null, watermark: null, lastError: null };
    }
    return {
      source, label, status: s.status,
      lastSuccessAt: iso(s.lastSuccessAt),
      lagSeconds: secondsSince(s.lastSuccessAt, now),
      startedAt: iso(s.startedAt),
      finishedAt: iso(s.finishedAt),
      progress: { done: s.linesProcessed, total: s.objectsTotal },
      watermark: iso(s.watermark),
      lastError: s.lastError,
    };
  });

  const counts = await db.webhookEvent.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
  const oldest = await db.webhookEvent.findFirst({ where: { shop, status: "queued" }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } });
  const last = await db.webhookEvent.findFirst({ where: { shop, processedAt: { not: null } }, orderBy: { processedAt: "desc" }, select: { processedAt: true } });
  const lastFailed = await db.webhookEvent.findFirst({ where: { shop, status: "failed" }, orderBy: { processedAt: "desc" }, select: { topic: true, error: true, processedAt: true } });
  return {
    shop,
    at: now.toISOString(),
    sources,
    webhooks: {
      queued: count("queued"), processed: count("processed"), skipped: count("skipped"), failed: count("failed"),
      oldestQueuedAt: iso(oldest?.receivedAt),
      lagSeconds: secondsSince(oldest?.receivedAt, now) ?? 0,
      lastProcessedAt: iso(last?.processedAt),
      lastError: lastFailed ? { topic: lastFailed.topic, error: lastFailed.error ?? "", at: iso(lastFailed.processedAt) } : null,
    },
  };
}

function duration(seconds: number | null): string {
  if (seconds === null) return "-";
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** Plain-text rendering (one line per source), shared by the CLI. */
export function formatSyncStatus(s: SyncStatus): string {
  const out = [`Sync status of ${s.shop} at ${s.at}`];
  for (const x of s.sources) {
    const progress = x.progress ? `${x.progress.done}${x.progress.total !== null ? `/${x.progress.total}` : ""}` : "-";
    out.push(`  ${x.label.padEnd(36)} ${x.status.padEnd(9)} last success ${x.lastSuccessAt ?? "never"} (lag ${duration(x.lagSeconds)}), progress ${progress}` +
      `${x.watermark ? `, watermark ${x.watermark}` : ""}${x.lastError ? `, last error: ${x.lastError}` : ""}`);
  }
  const w = s.webhooks;
  out.push(`  ${"Webhooks queue".padEnd(36)} ${w.queued} queued (lag ${duration(w.lagSeconds)}), ${w.processed} processed, ${w.skipped} skipped, ${w.failed} failed` +
    `${w.lastProcessedAt ? `, last processed ${w.lastProcessedAt}` : ""}${w.lastError ? `, last error (${w.lastError.topic}): ${w.lastError.error}` : ""}`);
  return out.join("\n");
}
