// Reads ?from=&to= (shop-local days, YYYY-MM-DD, inclusive). A missing parameter takes the
// default range's value; a malformed one is reported (named, with its value) and the default
// range is shown instead, so a bad link never crashes the page.
import { isDay, parseDayRange, type DayRange } from "../../modules/time";

export type RangeProblem =
  | { kind: "not-a-day"; param: "from" | "to"; value: string }
  | { kind: "to-before-from"; from: string; to: string };

export function readRange(params: URLSearchParams, fallback: DayRange): { range: DayRange; problems: RangeProblem[] } {
  const from = params.get("from") ?? fallback.from;
  const to = params.get("to") ?? fallback.to;
  const problems: RangeProblem[] = [];
  if (!isDay(from)) problems.push({ kind: "not-a-day", param: "from", value: from });
  if (!isDay(to)) problems.push({ kind: "not-a-day", param: "to", value: to });
  if (problems.length === 0) {
    try {
      return { range: parseDayRange(from, to), problems };
    } catch {
      problems.push({ kind: "to-before-from", from, to });
    }
  }
  return { range: fallback, problems };
}
