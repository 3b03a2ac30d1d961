// Properties every parser must keep, on generated inputs (fast-check): what Grip writes it reads
// back unchanged; no input crashes the process; junk gives an error, never rows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAdSpendFile } from "../../app/modules/ingest/adspend";
import { COST_FIELDS } from "../../app/modules/ingest/costs";
import { type Separator, fileInMemory, readCsv } from "../../app/modules/ingest/csv";
import { parseRateFile } from "../../app/modules/ingest/fx";
import { IngestError } from "../../app/modules/ingest/problems";
import { parseTable } from "../../app/modules/ingest/tabular";
import { numberToMinor, readNumberCell, toDay } from "../../app/modules/ingest/values";
import { formatMinor } from "../../app/modules/money";

function formatCsv(rows: string[][], sep: string): string {
  const field = (v: string, only: boolean) => (v === "" && only) || /["\r\n]/.test(v) || v.includes(sep) ? `"${v.replace(/"/g, '""')}"` : v;
  return rows.map((r) => r.map((v) => field(v, r.length === 1)).join(sep)).join("\r\n") + "\r\n";
}

const cellText = fc.string({ unit: fc.constantFrom("a", "é", "€", " ", ",", ";", "\t", '"', "\n", "\r", "1", ".", "=", "😀"), maxLength: 12 });

describe("round trips", () => {
  it("CSV: readCsv(formatCsv(rows)) === rows, for any separator and any chunking", async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
      fc.constantFrom<Separator>(",", ";", "\t"),
      fc.integer({ min: 1, max: 40 }),
      async (rows, sep, chunk) => {
        const out: string[][] = [];
        for await (const r of readCsv(fileInMemory("p.csv", formatCsv(rows, sep), chunk), { encoding: "utf-8", bom: false, separator: sep })) out.push(r.fields);
        expect(out).toEqual(rows);
      },
    ), { numRuns: 300 });
  });

  it("amounts: every way of writing an amount reads back to the same minor units", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.constantFrom("en", "nl", "fr", "plain", "ch"), (minor, style) => {
      const [int, frac] = formatMinor(minor < 0n ? -minor : minor, "EUR").split(".");
      const group = (s: string, g: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, g);
      const body = { en: `${group(int, ",")}.${frac}`, nl: `${group(int, ".")},${frac}`, fr: `${group(int, " ")},${frac}`, plain: `${int}.${frac}`, ch: `${group(int, "'")}.${frac}` }[style];
      const mark = style === "nl" || style === "fr" ? "," : ".";
      const cell = readNumberCell(`${minor < 0n ? "-" : ""}€ ${body}`);
      expect(cell.kind).toBe("number");
      expect(numberToMinor(cell as Extract<typeof cell, { kind: "number" }>, mark, "EUR")).toBe(minor);
    }), { numRuns: 500 });
  });

  it("dates: ISO, day-first and month-first renderings of a day read back to it", () => {
    fc.assert(fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }), fc.constantFrom("-", "/", "."), (d, sep) => {
      const iso = d.toISOString().slice(0, 10);
      const [y, m, day] = iso.split("-");
      expect(toDay(iso, null)).toBe(iso);
      expect(toDay([day, m, y].join(sep), "DMY")).toBe(iso);
      expect(toDay([m, day, y].join(sep), "MDY")).toBe(iso);
    }), { numRuns: 500 });
  });

  it("ad spend: parse(format(rows)) gives each day and campaign the sum of its rows", async () => {
    const row = fc.record({
      day: fc.integer({ min: 0, max: 40 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)),
      campaign: fc.constantFrom("Brand", "Crème", "A, B", 'Say "hi"', "=SUM(A1)"),
      minor: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    });
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
      const lines = [["Day", "Campaign", "Currency code", "Cost"], ...rows.map((r) => [r.day, r.campaign, "EUR", formatMinor(r.minor, "EUR")])];
      const parsed = await parseAdSpendFile(fileInMemory("g.csv", `Campaign report\n${formatCsv(lines, ",")}`));
      const expected = new Map<string, bigint>();
      for (const r of rows) expected.set(`${r.day}|${r.campaign}`, (expected.get(`${r.day}|${r.campaign}`) ?? 0n) + r.minor);
      expect(parsed.problems).toEqual([]);
      expect(new Map(parsed.rows.map((r) => [`${r.day}|${r.campaign}`, r.amountMinor]))).toEqual(expected);
    }), { numRuns: 60 });
  });
});

/** Runs a parser; only an IngestError may be thrown. */
async function outcome<T>(f: () => Promise<T>): Promise<T | IngestError> {
  try { return await f(); } catch (err) { if (err instanceof IngestError) return err; throw err; }
}

describe("hostile input", () => {
  const bytes = fc.uint8Array({ maxLength: 400 });
  const texty = fc.string({ unit: fc.constantFrom("a", "1", ",", ";", "\t", '"', "\n", "\r", "-", ".", "/", "€", " ", "Day", "Cost", "Campaign", "Currency code", "2026-01-01", "EUR", "Total:"), maxLength: 60 });

  it("no input crashes a parser: each returns a result or an IngestError", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(bytes, texty.map((s) => new TextEncoder().encode(s))), async (b) => {
      const f = fileInMemory("x.csv", b, 7);
      await outcome(() => parseAdSpendFile(f));
      await outcome(() => parseAdSpendFile(f, { source: "x", mapping: { day: "Day", cost: "Cost" }, currency: "EUR" }));
      await outcome(() => parseRateFile(f, "EUR"));
      await outcome(() => parseTable(f, "costs", COST_FIELDS));
    }), { numRuns: 300 });
  });

  it("junk gives an error, not rows", async () => {
    await fc.assert(fc.asyncProperty(bytes, async (b) => {
      const r = await outcome(() => parseAdSpendFile(fileInMemory("junk.bin", b)));
      expect(r).toBeInstanceOf(IngestError); // no recognisable header in random bytes
    }), { numRuns: 300 });
    // A recognised header over junk cells: every row is a problem, none is a row.
    await fc.assert(fc.asyncProperty(fc.array(fc.string({ unit: fc.constantFrom("x", "?", "#", "!", " "), minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 10 }), async (cells) => {
      const csv = "Day,Campaign,Currency code,Cost\n" + cells.map((c) => `${c},c,EUR,${c}`).join("\n") + "\n";
      const r = await outcome(() => parseAdSpendFile(fileInMemory("j.csv", csv)));
      if (r instanceof IngestError) return;
      expect(r.rows).toEqual([]);
      expect(r.problems.length).toBeGreaterThan(0);
    }), { numRuns: 100 });
  });
});
