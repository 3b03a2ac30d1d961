// The streamed CSV reader: encodings, separators, quoting, chunk boundaries, the size cap.
import { describe, expect, it } from "vitest";
import { type SourceFile, detectFormat, fileInMemory, hashFile, readCsv } from "../../app/modules/ingest/csv";
import { IngestError } from "../../app/modules/ingest/problems";

async function records(file: SourceFile, maxBytes?: number) {
  const fmt = await detectFormat(file);
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of readCsv(file, fmt, maxBytes)) out.push(r);
  return { fmt, out };
}

const win1252 = (s: string) => Uint8Array.from([...s].map((c) => ({ "€": 0x80, "é": 0xe9, "ü": 0xfc }[c] ?? c.charCodeAt(0))));

describe("readCsv", () => {
  it("reads quoted fields with separators, doubled quotes and newlines, on any chunk boundary", async () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nplain,,end\n';
    for (const chunk of [1, 2, 3, 7, 64]) {
      const { out } = await records(fileInMemory("t.csv", text, chunk));
      expect(out).toEqual([
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["x, y", 'say "hi"', "two\nlines"] },
        { line: 4, fields: ["plain", "", "end"] }, // the quoted newline made row 2 span lines 2-3
      ]);
    }
  });

  it("strips a UTF-8 BOM and keeps accents", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Naam,Bedrag\nCrème brûlée,1\n")]);
    const { fmt, out } = await records(fileInMemory("b.csv", bytes, 2));
    expect(fmt).toEqual({ encoding: "utf-8", bom: true, separator: "," });
    expect(out.map((r) => r.fields)).toEqual([["Naam", "Bedrag"], ["Crème brûlée", "1"]]);
  });

  it("falls back to Windows-1252 when the bytes are not UTF-8 (é = 0xE9, € = 0x80)", async () => {
    const { fmt, out } = await records(fileInMemory("w.csv", win1252("Naam;Bedrag\r\nCafé;€ 5\r\n")));
    expect(fmt).toEqual({ encoding: "windows-1252", bom: false, separator: ";" });
    expect(out.map((r) => r.fields)).toEqual([["Naam", "Bedrag"], ["Café", "€ 5"]]);
  });

  it("detects tab and semicolon separators, ignoring separators inside quotes and title lines", async () => {
    expect((await detectFormat(fileInMemory("t.tsv", "a\tb\tc\n1\t2,5\t3\n"))).separator).toBe("\t");
    expect((await detectFormat(fileInMemory("s.csv", 'Report, March\n"x;y";b\n"1,2";3\n1;2\n'))).separator).toBe(";");
    // Google Ads: a title line with a comma, then a comma-separated table.
    expect((await detectFormat(fileInMemory("g.csv", "Campaign report\nMarch 1, 2026 - March 4, 2026\nA,B,C\n1,2,3\n4,5,6\n"))).separator).toBe(",");
  });

  it("refuses a file past the size cap while streaming, saying what the limit is", async () => {
    const big = "a,b\n" + "1,2\n".repeat(1000); // 4,004 bytes
    const err = await records(fileInMemory("big.csv", big, 100), 2 * 1024 * 1024).then(() => null, (e) => e);
    expect(err).toBeNull();
    const e = await records(fileInMemory("big.csv", big, 100), 1000).then(() => null, (e) => e);
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).message).toContain("a file of at most 1 KB");
    await expect(hashFile(fileInMemory("big.csv", big), 1000)).rejects.toThrow(/at most/);
  });

  it("names the row of a quote that is never closed, and refuses UTF-16 and XLSX", async () => {
    const e = await records(fileInMemory("q.csv", 'a,b\n1,2\n"open,3\n4,5\n')).then(() => null, (e) => e as IngestError);
    expect(e?.problems[0]).toMatchObject({ row: 3, expected: expect.stringContaining("closing quote") });
    await expect(detectFormat(fileInMemory("u16.csv", new Uint8Array([0xff, 0xfe, 0x61, 0]))) ).rejects.toThrow(/UTF-16/);
    await expect(detectFormat(fileInMemory("x.csv", new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])))).rejects.toThrow(/XLSX/);
  });

  it("reports the line of a non-UTF-8 byte found after the sniffed head", async () => {
    const head = "a,b\n" + "x,1\n".repeat(20_000); // 80 KB of ASCII: past the 64 KiB sniff
    const bytes = new Uint8Array([...new TextEncoder().encode(head), 0xe9, 0x0a]);
    const e = await records(fileInMemory("late.csv", bytes)).then(() => null, (e) => e as IngestError);
    expect(e).toBeInstanceOf(IngestError);
    expect(e!.message).toMatch(/not UTF-8/);
  });

  it("hashes the bytes: same content, same hash, regardless of chunking", async () => {
    const a = await hashFile(fileInMemory("a", "x,y\n1,2\n", 1));
    const b = await hashFile(fileInMemory("b", "x,y\n1,2\n", 64));
    expect(a).toEqual(b);
    expect(a.bytes).toBe(8);
  });
});
