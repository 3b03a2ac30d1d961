// Each ad-spend preset on a small file laid out as the tool exports it (test/fixtures/uploads/),
// with the expected rows worked out by hand in the comments.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAdSpendFile, parseDateRangeLine, spreadEvenly } from "../../app/modules/ingest/adspend";
import { fileInMemory, fileOnDisk } from "../../app/modules/ingest/csv";
import { IngestError } from "../../app/modules/ingest/problems";

const fixture = (name: string) => fileOnDisk(path.join(import.meta.dirname, "..", "fixtures", "uploads", name));
const simple = (rows: { day: string; campaign: string; currency: string; amountMinor: bigint; spread: boolean }[]) =>
  rows.map((r) => `${r.day} ${r.campaign} ${r.currency} ${r.amountMinor}${r.spread ? " spread" : ""}`);

describe("Meta Ads Manager", () => {
  it("sums breakdown rows per day and campaign; BOM, CRLF, currency from the header, text in budget columns", async () => {
    const p = await parseAdSpendFile(fixture("meta-breakdown-day-age.csv"));
    expect(p).toMatchObject({ preset: "meta", source: "meta", encoding: "utf-8 (BOM)", separator: ",", dataRows: 6, problems: [] });
    expect(p.mapping.currency).toBe('EUR (from the "Amount spent (EUR)" header)');
    // 2026-03-01 Zomer: 12.34 + 20 + 0.66 = 33.00; Retargeting 5.50; 2026-03-02: Zomer 1.01, Retargeting 7.49.
    expect(simple(p.rows)).toEqual([
      "2026-03-01 Retargeting EUR 550",
      "2026-03-01 Zomer – Crème brûlée EUR 3300",
      "2026-03-02 Retargeting EUR 749",
      "2026-03-02 Zomer – Crème brûlée EUR 101",
    ]);
    expect(p.period).toEqual({ from: "2026-03-01", to: "2026-03-02" });
  });

  it("with a Day column, the period is the Reporting starts/ends range (days without spend included)", async () => {
    const csv = "Reporting starts,Reporting ends,Day,Campaign name,Amount spent (EUR)\n2026-03-01,2026-03-07,2026-03-02,A,5.00\n2026-03-01,2026-03-07,2026-03-03,A,1.25\n";
    const p = await parseAdSpendFile(fileInMemory("m.csv", csv));
    expect(simple(p.rows)).toEqual(["2026-03-02 A EUR 500", "2026-03-03 A EUR 125"]);
    expect(p.period).toEqual({ from: "2026-03-01", to: "2026-03-07" });
  });

  it("skips the summary row and spreads a period total evenly over its days", async () => {
    const p = await parseAdSpendFile(fixture("meta-period-usd.csv"));
    expect(p.problems).toEqual([]);
    // 100.00 USD over 1-3 March: 10000 / 3 = 3333 rest 1 -> 3334, 3333, 3333 (sum 10000).
    expect(simple(p.rows)).toEqual([
      "2026-03-01 Spring launch USD 3334 spread",
      "2026-03-02 Spring launch USD 3333 spread",
      "2026-03-03 Spring launch USD 3333 spread",
    ]);
    expect(p.notes.join(" ")).toMatch(/Skipped 1 summary row/);
    expect(p.notes.join(" ")).toMatch(/1 row is a spend over a period.*spread evenly/);
  });
});

describe("Google Ads", () => {
  it("reads the date range above the header, skips Total rows and spreads a Day-less report over the period", async () => {
    const p = await parseAdSpendFile(fixture("google-campaigns-range.csv"));
    expect(p).toMatchObject({ preset: "google", dataRows: 2, problems: [], period: { from: "2026-03-01", to: "2026-03-04" } });
    // Brand NL "1,234.57" = 123457 over 4 days: 30864 rest 1 -> 30865, 30864 x3.
    // Shopping 10.01 = 1001 over 4 days: 250 rest 1 -> 251, 250 x3.
    expect(simple(p.rows)).toEqual([
      "2026-03-01 Brand NL EUR 30865 spread", "2026-03-01 Shopping EUR 251 spread",
      "2026-03-02 Brand NL EUR 30864 spread", "2026-03-02 Shopping EUR 250 spread",
      "2026-03-03 Brand NL EUR 30864 spread", "2026-03-03 Shopping EUR 250 spread",
      "2026-03-04 Brand NL EUR 30864 spread", "2026-03-04 Shopping EUR 250 spread",
    ]);
    expect(p.notes.join(" ")).toMatch(/Skipped 2 summary rows.*Total: Account/);
    expect(p.notes.join(" ")).toMatch(/2 rows are spend over a period/);
  });

  it("uses the Day column; quoted thousands and ' --' cost", async () => {
    const p = await parseAdSpendFile(fixture("google-daily.csv"));
    expect(p.problems).toEqual([]);
    // "31,193" -> 31193.00 (the column has 12.50, so "." is the decimal mark); " --" -> 0.
    expect(simple(p.rows)).toEqual(["2026-01-27 Brand NL EUR 3119300", "2026-01-27 Generic EUR 0", "2026-01-28 Brand NL EUR 1250"]);
    expect(p.period).toEqual({ from: "2026-01-27", to: "2026-01-28" });
    expect(p.notes.join(" ")).toMatch(/1 row had no cost/);
  });

  it("refuses an All time report without a Day column, saying why", async () => {
    const e = await parseAdSpendFile(fixture("google-all-time.csv")).then(() => null, (e) => e as IngestError);
    expect(e).toBeInstanceOf(IngestError);
    expect(e!.message).toMatch(/"All time".*segmented by Day/);
  });

  it("reads the three forms of the date-range line", () => {
    expect(parseDateRangeLine("March 27, 2026 - April 23, 2026")).toEqual({ from: "2026-03-27", to: "2026-04-23" });
    expect(parseDateRangeLine("27 January 2026 - 23 February 2026")).toEqual({ from: "2026-01-27", to: "2026-02-23" });
    expect(parseDateRangeLine('"All time"')).toBe("all-time");
    expect(parseDateRangeLine("Campaign report")).toBeNull();
  });
});

describe("TikTok Ads and Microsoft Advertising", () => {
  it("TikTok: By Day, Cost, Currency; the total line skipped", async () => {
    const p = await parseAdSpendFile(fixture("tiktok-daily.csv"));
    expect(p.preset).toBe("tiktok");
    expect(p.problems).toEqual([]);
    expect(simple(p.rows)).toEqual(["2026-02-01 Lente – Ünïcode EUR 1520", "2026-02-02 Lente – Ünïcode EUR 480"]);
  });

  it("Microsoft: preamble block, quoted cells, US dates decided by 3/27, copyright footer skipped", async () => {
    const p = await parseAdSpendFile(fixture("microsoft-campaigns.csv"));
    expect(p.preset).toBe("microsoft");
    expect(p.problems).toEqual([]);
    expect(simple(p.rows)).toEqual(["2026-03-27 Brand - Exact USD 840", "2026-03-27 Generic USD 110", "2026-03-28 Brand - Exact USD 905"]);
    expect(p.notes.join(" ")).toMatch(/Microsoft Corporation/);
  });
});

describe("generic mapping", () => {
  it("Windows-1252, semicolons, European numbers with € and day-first dates", async () => {
    const p = await parseAdSpendFile(fixture("generic-pinterest-1252.csv"), {
      source: "Pinterest", mapping: { day: "Datum", campaign: "Campagne", cost: "Uitgaven", currency: "Valuta" },
    });
    expect(p).toMatchObject({ preset: "generic", source: "pinterest", encoding: "windows-1252", separator: ";", problems: [] });
    // 31-01 proves day-first; "1.234,56" proves the decimal comma: 123456 + "€ 0,44" 44 = 123500; "12,5" = 1250.
    expect(simple(p.rows)).toEqual(["2026-01-31 Café-actie EUR 123500", "2026-02-01 Zomer EUR 1250"]);
  });

  it("an unrecognised header without a mapping lists the columns it found", async () => {
    const e = await parseAdSpendFile(fileInMemory("x.csv", "Datum;Kosten\n01-01-2026;5\n")).then(() => null, (e) => e as IngestError);
    expect(e!.message).toMatch(/header Grip recognises.*"Datum", "Kosten"/);
  });

  it("asks for the day order when every date reads both ways, and for the decimal mark when every amount does", async () => {
    const map = { source: "x", mapping: { day: "Date", cost: "Cost" }, currency: "EUR" };
    const dates = await parseAdSpendFile(fileInMemory("d.csv", "Date,Cost\n03/04/2026,1.50\n04/05/2026,2.00\n"), map).then(() => null, (e) => e as IngestError);
    expect(dates!.problems[0]).toMatchObject({ column: "Date", value: "03/04/2026", expected: expect.stringMatching(/--date-order DMY/) });
    const answered = await parseAdSpendFile(fileInMemory("d.csv", "Date,Cost\n03/04/2026,1.50\n"), { ...map, dateOrder: "MDY" });
    expect(simple(answered.rows)).toEqual(["2026-03-04  EUR 150"]);
    const marks = await parseAdSpendFile(fileInMemory("m.csv", "Date;Cost\n2026-01-01;1.234\n"), map).then(() => null, (e) => e as IngestError);
    expect(marks!.problems[0]).toMatchObject({ column: "Cost", value: "1.234", expected: expect.stringMatching(/--decimal/) });
  });

  it("reports every bad cell with row, column, value and expectation, and returns no refusable rows silently", async () => {
    const csv = "Date,Campaign,Cost,Currency\n2026-01-01,A,1.00,EUR\n2026-01-02,B,twelve,EUR\n2026-13-01,C,1.00,EUR\n2026-01-03,D,1.00,EURO\n2026-01-04,E,$5.00,EUR\n";
    const p = await parseAdSpendFile(fileInMemory("bad.csv", csv), { source: "x", mapping: { day: "Date", campaign: "Campaign", cost: "Cost", currency: "Currency" } });
    expect(p.problems).toEqual([
      { row: 3, column: "Cost", value: "twelve", expected: "an amount such as 1,234.56" },
      { row: 4, column: "Date", value: "2026-13-01", expected: "a date such as 2026-03-27 or 27-03-2026" },
      { row: 5, column: "Currency", value: "EURO", expected: "a currency code such as EUR or USD" },
      { row: 6, column: "Cost", value: "$5.00", expected: "an amount in EUR (the row's currency)" },
    ]);
  });

  it("keeps formula-looking campaign names as text (never evaluated)", async () => {
    const p = await parseAdSpendFile(fileInMemory("f.csv", 'Date,Campaign,Cost\n2026-01-01,"=HYPERLINK(""http://evil"")",1.00\n'), { source: "x", mapping: { day: "Date", campaign: "Campaign", cost: "Cost" }, currency: "EUR" });
    expect(p.rows[0].campaign).toBe('=HYPERLINK("http://evil")');
  });
});

describe("spreadEvenly", () => {
  it("splits exactly, leftover cents to the first days, negatives too", () => {
    expect(spreadEvenly(1001n, 4)).toEqual([251n, 250n, 250n, 250n]);
    expect(spreadEvenly(-5n, 3)).toEqual([-2n, -2n, -1n]);
    expect(spreadEvenly(2n, 3)).toEqual([1n, 1n, 0n]);
  });
});
