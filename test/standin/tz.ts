// Shop-time-zone arithmetic. Shopify's REST payloads and its search parser speak the shop's local
// time ("2011-01-01T00:00:00-05:00"), GraphQL speaks UTC.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Minutes east of UTC that `tz` is at instant `ms`. */
export function offsetMinutes(tz: string, ms: number): number {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The instant at which the local wall clock in `tz` reads y-m-d h:mi:s. */
export function localToInstant(tz: string, y: number, m: number, d: number, h = 0, mi = 0, s = 0): number {
  const wall = Date.UTC(y, m - 1, d, h, mi, s);
  let t = wall - offsetMinutes(tz, wall) * 60000;
  // A second pass settles instants near a DST change.
  t = wall - offsetMinutes(tz, t) * 60000;
  return t;
}

/** "2011-11-03T05:12:00-04:00": the instant as the shop's clock shows it. */
export function formatLocal(ms: number, tz: string): string {
  const off = offsetMinutes(tz, ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + off * 60000).toISOString().slice(0, 19);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** "2011-11-03T09:12:00Z": GraphQL's DateTime, whole seconds. */
export function formatUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
