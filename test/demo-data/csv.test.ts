import { describe, expect, it } from "vitest";

import { CsvError, CsvLineParser, parseCsv } from "../standin/csv";

describe("parseCsv (RFC 4180)", () => {
  it("splits plain fields and records", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
  });

  it("accepts CRLF line breaks and a missing final line break", () => {
    expect(parseCsv("a,b\r\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("keeps empty fields, including leading and trailing ones", () => {
    expect(parseCsv(",a,,\n")).toEqual([["", "a", "", ""]]);
    expect(parseCsv('"",x\n')).toEqual([["", "x"]]);
    expect(parseCsv('x,""\n')).toEqual([["x", ""]]);
  });

  it("reads commas inside quoted fields as text", () => {
    expect(parseCsv('536520,22760,"TRAY, BREAKFAST IN BED",1\n')).toEqual([["536520", "22760", "TRAY, BREAKFAST IN BED", "1"]]);
    expect(parseCsv('"FANCY FONT BIRTHDAY CARD, ",24\n')).toEqual([["FANCY FONT BIRTHDAY CARD, ", "24"]]);
  });

  it("reads a doubled quote inside a quoted field as one quote", () => {
    expect(parseCsv('1,"RECORD FRAME 7"" SINGLE SIZE ",48\n')).toEqual([["1", 'RECORD FRAME 7" SINGLE SIZE ', "48"]]);
    expect(parseCsv('"CHARLIE+LOLA""EXTREMELY BUSY"" SIGN"\n')).toEqual([['CHARLIE+LOLA"EXTREMELY BUSY" SIGN']]);
    expect(parseCsv('""""\n')).toEqual([['"']]);
    expect(parseCsv('"a,""b"",c",d\n')).toEqual([['a,"b",c', "d"]]);
  });

  it("reads line breaks inside quoted fields (a record spanning lines)", () => {
    expect(parseCsv('1,"two\nlines",3\n4,5,6\n')).toEqual([["1", "two\nlines", "3"], ["4", "5", "6"]]);
    expect(parseCsv('1,"a\r\n\r\nb"\r\n')).toEqual([["1", "a\n\nb"]]);
    expect(parseCsv('"\n",x\n')).toEqual([["\n", "x"]]);
  });

  it("reads an empty line as one empty field", () => {
    expect(parseCsv("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
  });

  it("rejects a quote inside an unquoted field", () => {
    expect(() => parseCsv('1,ab"c,2\n')).toThrow(CsvError);
    expect(() => parseCsv('1,ab"c,2\n')).toThrow(/line 1: quote inside an unquoted field \(column 5\)/);
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('x\n"ab"c,1\n')).toThrow(/line 2: unexpected "c" after a closing quote/);
  });

  it("rejects an unterminated quoted field", () => {
    expect(() => parseCsv('1,"abc\n2,3\n')).toThrow(/line 1: unterminated quoted field/);
  });
});

describe("CsvLineParser (line-at-a-time, as fed by readline)", () => {
  it("returns null while a quoted field is open, then the whole record", () => {
    const p = new CsvLineParser();
    expect(p.push('1,"first')).toBeNull();
    expect(p.pending).toBe(true);
    expect(p.push("second")).toBeNull();
    expect(p.push('third",4')).toEqual(["1", "first\nsecond\nthird", "4"]);
    expect(p.pending).toBe(false);
    expect(p.recordLine).toBe(1);
    expect(p.push("5,6")).toEqual(["5", "6"]);
    expect(p.recordLine).toBe(4);
    expect(p.linesRead).toBe(4);
    expect(() => p.end()).not.toThrow();
  });

  it("drops a trailing carriage return", () => {
    const p = new CsvLineParser();
    expect(p.push("a,b\r")).toEqual(["a", "b"]);
    expect(p.push('"a",b\r')).toEqual(["a", "b"]);
  });

  it("end() reports a record left open", () => {
    const p = new CsvLineParser();
    p.push("ok");
    p.push('"open');
    expect(() => p.end()).toThrow(/line 2: unterminated/);
  });

  it("agrees with a naive split on quote-free lines (fast path)", () => {
    const p = new CsvLineParser();
    const line = "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom";
    expect(p.push(line)).toEqual(line.split(","));
  });
});
