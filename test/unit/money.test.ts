import { describe, expect, it } from "vitest";
import { averageMinor, divideToDecimal, formatMinor, formatMoney, parseMinor } from "../../app/modules/money";

describe("money", () => {
  it("parses decimal strings exactly into minor units", () => {
    expect(parseMinor("12.3", "GBP")).toBe(1230n);
    expect(parseMinor("0.10", "EUR")).toBe(10n);
    expect(parseMinor("-4.05", "EUR")).toBe(-405n);
    expect(parseMinor("1500", "JPY")).toBe(1500n);
    expect(parseMinor("1.234", "KWD")).toBe(1234n);
    // 0.1 + 0.2 style float traps do not exist here
    expect(parseMinor("1457745.53", "GBP")).toBe(145774553n);
    expect(parseMinor("90071992547409.93", "GBP")).toBe(9007199254740993n);
  });
  it("rounds digits beyond the currency's exponent half away from zero", () => {
    expect(parseMinor("0.125", "GBP")).toBe(13n);
    expect(parseMinor("0.124", "GBP")).toBe(12n);
    expect(parseMinor("-0.125", "GBP")).toBe(-13n);
  });
  it("refuses what is not a plain decimal", () => {
    expect(() => parseMinor("1,23", "EUR")).toThrow(/not a decimal/);
    expect(() => parseMinor("1e3", "EUR")).toThrow(/not a decimal/);
    expect(() => parseMinor("", "EUR")).toThrow(/not a decimal/);
    expect(() => parseMinor("1.00", "eur")).toThrow(/ISO 4217/);
  });
  it("formats minor units back", () => {
    expect(formatMinor(145774553n, "GBP")).toBe("1457745.53");
    expect(formatMinor(-5n, "GBP")).toBe("-0.05");
    expect(formatMinor(1500n, "JPY")).toBe("1500");
    expect(formatMoney(145774553n, "GBP")).toBe("£1,457,745.53");
    expect(formatMoney(123456n, "EUR", "nl-NL")).toBe("€\u00a01.234,56");
  });
  it("divides without floats and says null for nothing to divide by", () => {
    expect(divideToDecimal(1n, 3n, 4)).toBe("0.3333");
    expect(divideToDecimal(2n, 3n, 4)).toBe("0.6667");
    expect(divideToDecimal(5n, 0n, 4)).toBeNull();
    expect(averageMinor(1000n, 3)).toBe(333n);
    expect(averageMinor(1001n, 2)).toBe(501n); // 500.5 -> 501
    expect(averageMinor(10n, 0)).toBeNull();
  });
});
