// Cell parsers: numbers in every locale, currencies in cells, placeholders, dates and the
// whole-column decisions, formula escaping.
import { describe, expect, it } from "vitest";
import {
  DateOrderVote, MarkVote, csvField, escapeFormula, markEvidence, numberToMinor, readNumberCell, toDay, toDecimal,
} from "../../app/modules/ingest/values";

const minor = (raw: string, mark: "." | ",", currency = "EUR") => {
  const c = readNumberCell(raw);
  if (c.kind !== "number") throw new Error(`${raw}: ${c.kind}`);
  return numberToMinor(c, mark, currency);
};

describe("numbers", () => {
  it("reads European, English and spaced groupings exactly", () => {
    expect(minor("1.234,56", ",")).toBe(123456n);
    expect(minor("1 234,56", ",")).toBe(123456n);
    expect(minor("1\u00a0234,56", ",")).toBe(123456n);
    expect(minor("1,234.56", ".")).toBe(123456n);
    expect(minor("31,193", ".")).toBe(3119300n); // Google's quoted thousands: 31193.00
    expect(minor("1'234.50", ".", "CHF")).toBe(123450n);
    expect(minor("12,5", ",")).toBe(1250n);
    expect(minor("0.005", ".")).toBe(1n); // half away from zero at the currency's exponent
    expect(minor("1234", ".", "JPY")).toBe(1234n);
  });

  it("takes currency symbols and codes off, before or after, and negatives in any style", () => {
    expect(readNumberCell("€ 1.234,56")).toMatchObject({ kind: "number", body: "1.234,56", currency: "EUR", negative: false });
    expect(readNumberCell("1.234,56 €")).toMatchObject({ body: "1.234,56", currency: "EUR" });
    expect(readNumberCell("EUR 12,50")).toMatchObject({ body: "12,50", currency: "EUR" });
    expect(readNumberCell("12.50 USD")).toMatchObject({ body: "12.50", currency: "USD" });
    expect(readNumberCell("$1,234.56")).toMatchObject({ body: "1,234.56", currency: "$" });
    expect(readNumberCell("-€ 5")).toMatchObject({ body: "5", negative: true });
    expect(readNumberCell("€ -5")).toMatchObject({ body: "5", negative: true });
    expect(readNumberCell("(5.00)")).toMatchObject({ body: "5.00", negative: true });
    expect(minor("-1.234,56", ",")).toBe(-123456n);
  });

  it("knows placeholders and bounds, and refuses junk", () => {
    expect(readNumberCell(" --")).toEqual({ kind: "placeholder" });
    expect(readNumberCell("-")).toEqual({ kind: "placeholder" });
    expect(readNumberCell("")).toEqual({ kind: "blank" });
    expect(readNumberCell("< 10%")).toMatchObject({ kind: "number", body: "10", percent: true, bound: "<" });
    for (const junk of ["Using campaign budget", "12..5", "1,,2", "12,", "abc", "1.2.3x", "=1+2"]) {
      expect(readNumberCell(junk).kind, junk).toBe("invalid");
    }
    expect(toDecimal("1.23.4", ",")).toBeNull(); // groups of three only
    expect(toDecimal("12.34", ",")).toBeNull();
  });

  it("lets the column decide the decimal mark; an all-ambiguous column asks", () => {
    expect(markEvidence("1,234")).toBe("ambiguous");
    expect(markEvidence("0,125")).toBe(","); // no thousands group starts with 0
    expect(markEvidence("1,234,567")).toBe(".");
    expect(markEvidence("1.234,5")).toBe(",");
    const v = new MarkVote();
    v.add("1.234");
    expect(v.decide(null)).toEqual({ ambiguous: "1.234" });
    v.add("12,5");
    expect(v.decide(null)).toEqual({ mark: "," }); // so 1.234 is one thousand two hundred thirty-four
    v.add("3.75");
    expect(v.decide(null)).toEqual({ conflict: ["3.75", "12,5"] });
  });
});

describe("dates", () => {
  it("reads ISO, day-first, month-first and month names", () => {
    expect(toDay("2025-12-31", null)).toBe("2025-12-31");
    expect(toDay("31-12-2025", "DMY")).toBe("2025-12-31");
    expect(toDay("31/12/2025", "DMY")).toBe("2025-12-31");
    expect(toDay("12/31/2025", "MDY")).toBe("2025-12-31");
    expect(toDay("31.12.25", "DMY")).toBe("2025-12-31");
    expect(toDay("2026-03-27 00:00:00", null)).toBe("2026-03-27");
    expect(toDay("March 27, 2026", null)).toBe("2026-03-27");
    expect(toDay("27 January 2026", null)).toBe("2026-01-27");
    expect(toDay("05/05/2026", null)).toBe("2026-05-05"); // same either way: no question
    expect(toDay("03/04/2026", null)).toBeNull(); // ambiguous without the column's order
    expect(toDay("2026-02-30", null)).toBeNull();
    expect(toDay("31/12/2025", "MDY")).toBeNull();
  });

  it("decides day/month order from the whole column, and asks when it cannot", () => {
    const v = new DateOrderVote();
    ["03/04/2026", "05/04/2026"].forEach((d) => v.add(d));
    expect(v.decide(null)).toEqual({ ambiguous: "03/04/2026" });
    expect(v.decide("DMY")).toEqual({ order: "DMY" }); // the merchant's answer
    v.add("13/04/2026");
    expect(v.decide(null)).toEqual({ order: "DMY" });
    v.add("04/13/2026");
    expect(v.decide(null)).toEqual({ conflict: ["13/04/2026", "04/13/2026"] });
  });
});

describe("formulas", () => {
  it("escapes formula-looking text for export and leaves numbers alone", () => {
    expect(escapeFormula("=HYPERLINK(\"http://x\")")).toBe("'=HYPERLINK(\"http://x\")");
    expect(escapeFormula("+31 campagne")).toBe("'+31 campagne");
    expect(escapeFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(escapeFormula("-10% sale")).toBe("'-10% sale");
    expect(escapeFormula("-12.50")).toBe("-12.50");
    expect(escapeFormula("Zomer")).toBe("Zomer");
    expect(csvField("=1+2,3")).toBe("\"'=1+2,3\"");
    expect(csvField("a \"b\"")).toBe("\"a \"\"b\"\"\"");
  });
});
