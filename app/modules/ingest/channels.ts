// One editable rule set maps both ad-spend rows and orders' UTM source/medium to marketing
// channels, so spend and attributed revenue meet per channel. Rules are tried in order; the first
// whose source and medium patterns both match wins. Patterns are case-insensitive regular
// expressions matched against the whole value. Ad rows are looked up as source = the ad platform
// ("meta", "google", "tiktok", "microsoft", or a generic source's name), medium = "paid".
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

export interface ChannelRule {
  sourcePattern: string;
  mediumPattern: string | null; // null: any medium
  channel: string;
}

const PAID = "paid|cpc|ppc|cpm|cpv|paid[-_ ]?(social|search|media)|paidsocial|paidsearch|ads?";
export const DEFAULT_CHANNEL_RULES: ChannelRule[] = [
  { sourcePattern: "meta|facebook|fb|instagram|ig|tiktok|pinterest|snapchat|linkedin|twitter|x|reddit", mediumPattern: PAID, channel: "paid_social" },
  { sourcePattern: "google|adwords|bing|microsoft|yahoo|duckduckgo", mediumPattern: PAID, channel: "paid_search" },
  { sourcePattern: ".*", mediumPattern: "display|banner|programmatic", channel: "display" },
  { sourcePattern: ".*", mediumPattern: "affiliate|partner", channel: "affiliates" },
  { sourcePattern: ".*", mediumPattern: "e-?mail|newsletter|klaviyo", channel: "email" },
  { sourcePattern: "klaviyo|mailchimp|newsletter", mediumPattern: null, channel: "email" },
  { sourcePattern: ".*", mediumPattern: "sms", channel: "sms" },
  { sourcePattern: "meta|facebook|fb|instagram|ig|tiktok|pinterest|snapchat|linkedin|twitter|x|reddit|youtube", mediumPattern: null, channel: "organic_social" },
  { sourcePattern: ".*", mediumPattern: "social|social[-_ ]network|social[-_ ]media|sm", channel: "organic_social" },
  { sourcePattern: ".*", mediumPattern: "organic", channel: "organic_search" },
  { sourcePattern: ".*", mediumPattern: "referral", channel: "referral" },
  { sourcePattern: ".*", mediumPattern: PAID, channel: "paid_other" },
];

export const channelRuleSchema = z.object({
  sourcePattern: z.string().min(1).refine(validRegex, "a valid regular expression"),
  mediumPattern: z.string().min(1).refine(validRegex, "a valid regular expression").nullable(),
  channel: z.string().regex(/^[a-z][a-z0-9_]*$/, "a channel id in lower case (e.g. paid_social)"),
});

function validRegex(s: string): boolean {
  try { new RegExp(s); return true; } catch { return false; }
}

export type ChannelMatcher = (source: string | null, medium: string | null) => string;

/** Compiles the rules once; unmatched values land in "other" (never dropped). */
export function channelMatcher(rules: ChannelRule[]): ChannelMatcher {
  const compiled = rules.map((r) => ({
    source: new RegExp(`^(?:${r.sourcePattern})$`, "i"),
    medium: r.mediumPattern === null ? null : new RegExp(`^(?:${r.mediumPattern})$`, "i"),
    channel: r.channel,
  }));
  return (source, medium) => {
    const s = (source ?? "").trim();
    const m = (medium ?? "").trim();
    for (const r of compiled) {
      if (r.source.test(s) && (r.medium === null || r.medium.test(m))) return r.channel;
    }
    return s === "" && m === "" ? "direct" : "other";
  };
}

/** The shop's rules; the defaults are stored on first use so the merchant edits a real list. */
export async function loadChannelRules(db: PrismaClient, shop: string): Promise<ChannelRule[]> {
  let rows = await db.channelRule.findMany({ where: { shop }, orderBy: { position: "asc" } });
  if (rows.length === 0) {
    await saveChannelRules(db, shop, DEFAULT_CHANNEL_RULES);
    rows = await db.channelRule.findMany({ where: { shop }, orderBy: { position: "asc" } });
  }
  return rows.map((r) => ({ sourcePattern: r.sourcePattern, mediumPattern: r.mediumPattern, channel: r.channel }));
}

/** Replaces the shop's rules (validated) in one transaction. */
export async function saveChannelRules(db: PrismaClient, shop: string, rules: ChannelRule[]): Promise<void> {
  const parsed = z.array(channelRuleSchema).parse(rules);
  await db.$transaction([
    db.channelRule.deleteMany({ where: { shop } }),
    db.channelRule.createMany({ data: parsed.map((r, position) => ({ shop, position, ...r })) }),
  ]);
}
