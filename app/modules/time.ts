// Shop-local days. Every fact carries the calendar day on which it happened in the shop's IANA
// time zone ("YYYY-MM-DD"), computed once at sync time; a date range in the UI or CLI is a range
// of such days, inclusive at both ends.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    });
    dayFormatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

/** The shop-local calendar day of an instant. */
export function shopLocalDay(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new Error("invalid date");
  const p = parts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** Offset (ms) of the zone from UTC at an instant. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in a zone ("2011-03-27 01:30:00" Europe/London). A time that
 * falls in a spring-forward gap is moved forward by the gap; an ambiguous autumn time takes the
 * earlier (summer-time) instant, as most systems do.
 */
export function zonedWallTimeToInstant(wallTime: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallTime.trim());
  if (!m) throw new Error(`not a wall-clock time: ${JSON.stringify(wallTime)}`);
  const [, y, mo, d, h, mi, s = "0"] = m;
  const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // Try the offsets in force just before and after; prefer the earlier valid instant.
  const offsetBefore = offsetAt(new Date(asUtc - 86_400_000), timeZone);
  const offsetAfter = offsetAt(new Date(asUtc + 86_400_000), timeZone);
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter].sort((a, b) => a - b);
  for (const c of candidates) {
    const p = parts(new Date(c), timeZone);
    if (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) === asUtc) return new Date(c);
  }
  // In a gap no instant shows this wall time; read it with the offset in force before the gap,
  // which lands the same distance after the gap (01:30 on a 01:00->02:00 day becomes 02:30).
  return new Date(asUtc - offsetBefore);
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Number of days in an inclusive range. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface DayRange { from: string; to: string }

/** The range of equal length just before this one (the dashboard's comparison period). */
export function previousPeriod(range: DayRange): DayRange {
  const n = daysInRange(range.from, range.to);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}

export function parseDayRange(from: unknown, to: unknown): DayRange {
  if (typeof from !== "string" || !isDay(from)) throw new Error(`from: expected a day YYYY-MM-DD, got ${JSON.stringify(from)}`);
  if (typeof to !== "string" || !isDay(to)) throw new Error(`to: expected a day YYYY-MM-DD, got ${JSON.stringify(to)}`);
  if (to < from) throw new Error(`to (${to}) is before from (${from})`);
  return { from, to };
}
