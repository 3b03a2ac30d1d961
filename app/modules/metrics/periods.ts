// Periods and series (docs/kpis.md#periods): comparison ranges, and day/week/month buckets of a
// range. Weeks are ISO weeks (Monday to Sunday) of shop-local days; a bucket cut by the range's
// ends covers only the days inside the range (its from/to say so), and every bucket exists even
// when nothing happened in it (zero-filled).
import { addDays, daysInRange, eachDay, previousPeriod, type DayRange } from "../time";
import { divideToDecimal } from "../money";

export type Granularity = "day" | "week" | "month";
export const GRANULARITIES: readonly Granularity[] = ["day", "week", "month"];

export { previousPeriod };

/** The same calendar days one year earlier; 29 February becomes 28 February. */
export function samePeriodLastYear(range: DayRange): DayRange {
  const back = (day: string) => {
    const y = Number(day.slice(0, 4)) - 1;
    let md = day.slice(5);
    if (md === "02-29") md = "02-28";
    return `${String(y).padStart(4, "0")}-${md}`;
  };
  return { from: back(range.from), to: back(range.to) };
}

/** ISO 8601 week of a day: its Monday, and the label "2026-W14" (the week's Thursday's year). */
export function isoWeek(day: string): { monday: string; label: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  const monday = addDays(day, -dow);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const week = Math.floor((daysInRange(jan1, thursday) - 1) / 7) + 1;
  return { monday, label: `${year}-W${String(week).padStart(2, "0")}` };
}

export interface Bucket { key: string; from: string; to: string }

/** The buckets of a range, in order: every day, ISO week or calendar month it touches. */
export function buckets(range: DayRange, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  for (const day of eachDay(range.from, range.to)) {
    const key = granularity === "day" ? day : granularity === "week" ? isoWeek(day).label : day.slice(0, 7);
    const last = out[out.length - 1];
    if (last && last.key === key) last.to = day;
    else out.push({ key, from: day, to: day });
  }
  return out;
}

/** Relative change (current − previous) / |previous| as a decimal fraction; null when previous is 0 or unknown. */
export function relativeChange(current: bigint | null, previous: bigint | null, digits = 4): string | null {
  if (current === null || previous === null || previous === 0n) return null;
  const abs = previous < 0n ? -previous : previous;
  return divideToDecimal(current - previous, abs, digits);
}
