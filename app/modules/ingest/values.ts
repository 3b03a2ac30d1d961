// Cell values as merchants' tools write them. Numbers come in every locale ("1.234,56",
// "1 234,56", "1,234.56", "31,193" with its quotes already removed by the CSV reader), with
// currency symbols or codes, placeholders (" --", "-") and bounds ("< 10%"). Dates come as
// 2025-12-31, 31-12-2025, 31/12/2025, 12/31/2025 or with month names. Where a single value is
// ambiguous (is "1.234" one thousand or one point two?, is 03/04 March or April?) the whole column
// decides; when the column cannot, Grip asks instead of guessing. Nothing is ever a float.
import { currencyExponent, parseMinor } from "../money";
import { isDay } from "../time";

export type DecimalMark = "." | ",";

export type NumberCell =
  | { kind: "blank" }
  | { kind: "placeholder" } // "--", "-", "—", "n/a": the tool had no value
  | { kind: "invalid" }
  | {
      kind: "number";
      negative: boolean;
      body: string; // digits and separators only, e.g. "1.234,56"
      percent: boolean;
      bound: "<" | ">" | null; // "< 10%": the tool only says it is below 10
      currency: string | null; // ISO code, or a symbol that names no single currency ("$", "kr")
    };

const SYMBOLS: Record<string, string> = { "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "zł": "PLN", "US$": "USD", "CA$": "CAD", "AU$": "AUD", "NZ$": "NZD", "A$": "AUD", "C$": "CAD", "$": "$", "kr": "kr", "Fr.": "CHF" };
const PLACEHOLDERS = new Set(["-", "--", "—", "–", "n/a", "N/A", "NA", "null"]);
// Thousands groupings besides the "other" mark: space, no-break space, narrow no-break space, apostrophe (Swiss).
const GROUP_CHARS = " \u00a0\u202f'’";

const SYMBOL_KEYS = Object.keys(SYMBOLS).sort((a, b) => b.length - a.length); // "US$" before "$"
const PLAIN = /^\d+(?:\.\d+)?$/;

export function readNumberCell(raw: string): NumberCell {
  if (PLAIN.test(raw)) return { kind: "number", negative: false, body: raw, percent: false, bound: null, currency: null }; // fast path
  let s = raw.trim();
  if (s === "") return { kind: "blank" };
  if (PLACEHOLDERS.has(s)) return { kind: "placeholder" };
  let bound: "<" | ">" | null = null;
  if (s[0] === "<" || s[0] === ">") { bound = s[0] as "<" | ">"; s = s.slice(1).trim(); }
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) { negative = true; s = s.slice(1, -1).trim(); } // accounting negative
  if (s.startsWith("-") || s.startsWith("−")) { negative = !negative; s = s.slice(1).trim(); }
  if (s.endsWith("-")) { negative = !negative; s = s.slice(0, -1).trim(); }
  let percent = false;
  if (s.endsWith("%")) { percent = true; s = s.slice(0, -1).trim(); }
  let currency: string | null = null;
  const code = /^([A-Z]{3})\s*(.*)$/.exec(s) ?? /^(.*?)\s*([A-Z]{3})$/.exec(s);
  if (code) {
    const [c, rest] = /^[A-Z]{3}$/.test(code[1]) ? [code[1], code[2]] : [code[2], code[1]];
    currency = c;
    s = rest.trim();
  } else {
    for (const sym of SYMBOL_KEYS) {
      if (s.startsWith(sym)) { currency = SYMBOLS[sym]; s = s.slice(sym.length).trim(); break; }
      if (s.endsWith(sym)) { currency = SYMBOLS[sym]; s = s.slice(0, -sym.length).trim(); break; }
    }
  }
  if (s.startsWith("-") || s.startsWith("−")) { negative = !negative; s = s.slice(1).trim(); } // "€ -12,50"
  if (!/^[0-9][0-9.,\u00a0\u202f '’]*$/.test(s) || /[.,\u00a0\u202f '’]{2}/.test(s) || /[.,]$/.test(s)) return { kind: "invalid" };
  return { kind: "number", negative, body: s, percent, bound, currency };
}

/**
 * Which decimal mark a number body proves: "1.234,56" proves ",", "12,5" proves ",", "1,234,567"
 * proves "."; "1,234" or "1.234" prove nothing (a thousands group or three decimals).
 */
export function markEvidence(body: string): DecimalMark | "ambiguous" | "none" {
  const lastComma = body.lastIndexOf(",");
  const lastDot = body.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? "," : ".";
  const mark = lastComma >= 0 ? "," : lastDot >= 0 ? "." : null;
  if (!mark) return "none";
  const other: DecimalMark = mark === "," ? "." : ",";
  if (body.indexOf(mark) !== body.lastIndexOf(mark)) return other; // repeated: a thousands mark
  const [intPart, frac] = body.split(mark);
  if (frac.length !== 3) return mark;
  if (/^0+$/.test(intPart.replace(/[\s'’\u00a0\u202f]/g, ""))) return mark; // "0,125": no thousands group starts with 0
  return "ambiguous";
}

/** "1.234,56" with mark "," -> "1234.56"; null when the body does not fit that mark. */
export function toDecimal(body: string, mark: DecimalMark): string | null {
  const other = mark === "," ? "." : ",";
  const parts = body.split(mark);
  if (parts.length > 2) return null;
  const [intRaw, frac = ""] = parts;
  if (parts.length === 2 && !/^\d+$/.test(frac)) return null;
  let intPart: string;
  if (/^\d+$/.test(intRaw)) intPart = intRaw;
  else {
    // Grouped thousands: one kind of grouping character, groups of three.
    const groupChar = [...intRaw].find((c) => c === other || GROUP_CHARS.includes(c));
    if (!groupChar) return null;
    const groups = intRaw.split(groupChar);
    if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
    intPart = groups.join("");
  }
  return frac ? `${intPart}.${frac}` : intPart;
}

/** Per-column decision on the decimal mark, fed one cell at a time while streaming. */
export class MarkVote {
  dot: string | null = null; // first value proving "."
  comma: string | null = null;
  ambiguous: string | null = null;
  add(body: string): void {
    const e = markEvidence(body);
    if (e === ".") this.dot ??= body;
    else if (e === ",") this.comma ??= body;
    else if (e === "ambiguous") this.ambiguous ??= body;
  }
  /** The mark, or why there is none: a conflict, or only ambiguous values and no default. */
  decide(fallback: DecimalMark | null): { mark: DecimalMark } | { conflict: [string, string] } | { ambiguous: string } {
    if (this.dot && this.comma) return { conflict: [this.dot, this.comma] };
    if (this.dot) return { mark: "." };
    if (this.comma) return { mark: "," };
    if (this.ambiguous && !fallback) return { ambiguous: this.ambiguous };
    return { mark: fallback ?? "." };
  }
}

/** A parsed number cell -> an exact amount in minor units of `currency`. */
export function numberToMinor(cell: Extract<NumberCell, { kind: "number" }>, mark: DecimalMark, currency: string): bigint | null {
  const dec = toDecimal(cell.body, mark);
  if (dec === null) return null;
  const minor = parseMinor(dec, currency);
  return cell.negative ? -minor : minor;
}

/** Does a currency written in a cell agree with the currency the row is in? */
export function cellCurrencyAgrees(cellCurrency: string | null, currency: string): boolean {
  if (cellCurrency === null || cellCurrency === currency) return true;
  if (cellCurrency === "$") return currency.endsWith("D"); // USD, CAD, AUD, NZD, SGD, HKD, ...
  if (cellCurrency === "kr") return ["SEK", "DKK", "NOK", "ISK"].includes(currency);
  return false;
}

export function isCurrencyCode(s: string): boolean {
  try { currencyExponent(s); return true; } catch { return false; }
}

// ---------------------------------------------------------------- dates

export type DateOrder = "DMY" | "MDY";

const MONTHS: Record<string, number> = {};
["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].forEach((m, i) => {
  MONTHS[m] = i + 1;
  MONTHS[m.slice(0, 3)] = i + 1;
});
MONTHS.sept = 9;

type DateShape =
  | { kind: "fixed"; y: number; m: number; d: number } // ISO or month name: one reading only
  | { kind: "numeric"; a: number; b: number; y: number }; // a/b/y: DMY or MDY

function year(s: string): number {
  const y = Number(s);
  return s.length === 2 ? 2000 + y : y;
}

/** The shape of a date cell; a time after the date ("2026-03-27 00:00:00") is ignored. */
export function dateShape(raw: string): DateShape | null {
  const s = raw.trim().replace(/[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, "").trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return { kind: "fixed", y: +m[1], m: +m[2], d: +m[3] };
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(s);
  if (m) return { kind: "numeric", a: +m[1], b: +m[2], y: year(m[3]) };
  m = /^(\d{1,2})[ -]([A-Za-z]+)\.?,?[ -](\d{4})$/.exec(s); // 27 January 2026, 27-Jan-2026
  if (m && MONTHS[m[2].toLowerCase()]) return { kind: "fixed", y: +m[3], m: MONTHS[m[2].toLowerCase()], d: +m[1] };
  m = /^(?:[A-Za-z]+,? )?([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(s); // March 27, 2026; Fri, Mar 27, 2026
  if (m && MONTHS[m[1].toLowerCase()]) return { kind: "fixed", y: +m[3], m: MONTHS[m[1].toLowerCase()], d: +m[2] };
  return null;
}

function ymd(y: number, m: number, d: number): string | null {
  const s = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isDay(s) ? s : null;
}

/** toDay with a memory: a million-row file has a few hundred distinct dates. */
export function dayReader(order: DateOrder | null): (raw: string) => string | null {
  const cache = new Map<string, string | null>();
  return (raw) => {
    let d = cache.get(raw);
    if (d === undefined) {
      d = toDay(raw, order);
      if (cache.size < 100_000) cache.set(raw, d);
    }
    return d;
  };
}

/** A date cell -> "YYYY-MM-DD", given the column's order; null if it is no date. */
export function toDay(raw: string, order: DateOrder | null): string | null {
  const sh = dateShape(raw);
  if (!sh) return null;
  if (sh.kind === "fixed") return ymd(sh.y, sh.m, sh.d);
  if (sh.a === sh.b) return ymd(sh.y, sh.a, sh.b);
  if (!order) return null;
  return order === "DMY" ? ymd(sh.y, sh.b, sh.a) : ymd(sh.y, sh.a, sh.b);
}

/** Per-column decision on day/month order, fed one cell at a time. */
export class DateOrderVote {
  dmy: string | null = null; // first value only readable as day-month ("31/12/2025")
  mdy: string | null = null;
  ambiguous: string | null = null; // first value readable both ways ("03/04/2026")
  private seen = new Set<string>(); // a column repeats few distinct dates: judge each once
  add(raw: string): void {
    if (this.seen.has(raw)) return;
    if (this.seen.size < 100_000) this.seen.add(raw);
    const sh = dateShape(raw);
    if (!sh || sh.kind === "fixed" || sh.a === sh.b) return;
    if (sh.a > 12 && sh.b <= 12) this.dmy ??= raw;
    else if (sh.b > 12 && sh.a <= 12) this.mdy ??= raw;
    else if (sh.a <= 12 && sh.b <= 12) this.ambiguous ??= raw;
  }
  decide(fallback: DateOrder | null): { order: DateOrder | null } | { conflict: [string, string] } | { ambiguous: string } {
    if (this.dmy && this.mdy) return { conflict: [this.dmy, this.mdy] };
    if (this.dmy) return { order: "DMY" };
    if (this.mdy) return { order: "MDY" };
    if (this.ambiguous) return fallback ? { order: fallback } : { ambiguous: this.ambiguous };
    return { order: fallback };
  }
}

// ---------------------------------------------------------------- formulas

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a leading tab/CR). Grip never
 * evaluates cells; when it writes text back out (CSV exports, previews copied into Excel) such a
 * cell is prefixed with an apostrophe so the spreadsheet shows it as text (OWASP CSV injection).
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d.,\s]*%?$/.test(text);
}

export function escapeFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** One CSV field for an export: formula-escaped, quoted when needed. */
export function csvField(value: string, sep = ","): string {
  const v = escapeFormula(value);
  return /["\r\n]/.test(v) || v.includes(sep) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}
