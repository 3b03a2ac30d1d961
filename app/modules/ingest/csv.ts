// Streamed reading of merchants' CSV files. The file is never held whole in memory: bytes flow
// through a size cap and a hash, are decoded chunk by chunk, and come out as records (arrays of
// fields) with the line number the record starts on. Encoding (UTF-8 with or without BOM, else
// Windows-1252, the encoding Excel on Windows saves "CSV" in) and separator (, ; tab) are
// detected from the first 64 KiB.
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { IngestError, fileProblem } from "./problems";

/** A file that can be read more than once (detection reads the head, parsing reads it all). */
export interface SourceFile {
  name: string;
  open(): AsyncIterable<Uint8Array>;
}

export function fileOnDisk(file: string): SourceFile {
  statSync(file); // a missing file fails here, with the OS's message, not mid-parse
  return { name: path.basename(file), open: () => createReadStream(file, { highWaterMark: 64 * 1024 }) };
}

/** In-memory file (tests, and small uploads already buffered by the web form). */
export function fileInMemory(name: string, content: string | Uint8Array, chunkSize = 64 * 1024): SourceFile {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return {
    name,
    async *open() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

// Large enough for a year of Meta breakdown rows (a million rows is ~105 MB); --max-mb overrides.
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export type Encoding = "utf-8" | "windows-1252";
export type Separator = "," | ";" | "\t";

export interface CsvFormat {
  encoding: Encoding;
  bom: boolean;
  separator: Separator;
}

function tooLarge(maxBytes: number): IngestError {
  const size = maxBytes >= 1024 * 1024 ? `${(maxBytes / 1024 / 1024).toFixed(0)} MB` : `${Math.max(1, Math.round(maxBytes / 1024))} KB`;
  return new IngestError([fileProblem(`a file of at most ${size} (this one is larger; split it by period and upload the parts)`)]);
}

/** The file's bytes, refusing to go past the cap (checked while streaming, not after). */
async function* capped(file: SourceFile, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of file.open()) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
}

/** sha256 and size of the whole file, streamed: the identity of an upload. */
export async function hashFile(file: SourceFile, maxBytes = DEFAULT_MAX_BYTES): Promise<{ sha256: string; bytes: number }> {
  const h = createHash("sha256");
  let bytes = 0;
  for await (const chunk of capped(file, maxBytes)) {
    h.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: h.digest("hex"), bytes };
}

const SNIFF_BYTES = 64 * 1024;

async function head(file: SourceFile, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  for await (const chunk of file.open()) {
    parts.push(chunk);
    got += chunk.length;
    if (got >= n) break;
  }
  const out = new Uint8Array(Math.min(got, n));
  let o = 0;
  for (const p of parts) {
    const take = Math.min(p.length, out.length - o);
    out.set(p.subarray(0, take), o);
    o += take;
    if (o >= out.length) break;
  }
  return out;
}

/** Detects encoding and separator from the head of the file. */
export async function detectFormat(file: SourceFile): Promise<CsvFormat> {
  const bytes = await head(file, SNIFF_BYTES);
  if (bytes.length === 0) throw new IngestError([fileProblem("a CSV file with a header row (this file is empty)")]);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new IngestError([fileProblem("a CSV file in UTF-8 or Windows-1252 (this one is UTF-16: in Excel choose \"CSV UTF-8\")")]);
  }
  if (bytes.slice(0, 4).every((b, i) => b === [0x50, 0x4b, 0x03, 0x04][i])) {
    throw new IngestError([fileProblem("a CSV file (this is a ZIP/XLSX workbook: save it as CSV first)")]);
  }
  let encoding: Encoding = "utf-8";
  let text: string;
  try {
    // stream: true lets a multi-byte character cut at the sniff boundary pass.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
  } catch {
    if (bom) throw new IngestError([fileProblem("valid UTF-8 after the UTF-8 byte-order mark (the file's bytes are not UTF-8)")]);
    encoding = "windows-1252";
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  if (text.includes("\u0000")) throw new IngestError([fileProblem("a text (CSV) file (this one contains binary data)")]);
  return { encoding, bom, separator: detectSeparator(text) };
}

/**
 * The separator that splits the most sample lines into the same number of fields (quoted text
 * ignored). Title lines above the header (Google Ads) have none, so they do not vote.
 */
export function detectSeparator(sample: string): Separator {
  const lines = splitSampleLines(sample).slice(0, 50);
  let best: { sep: Separator; freq: number; fields: number } = { sep: ",", freq: 0, fields: 0 };
  for (const sep of [",", ";", "\t"] as const) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const n = countOutsideQuotes(line, sep);
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    for (const [n, freq] of counts) {
      if (freq > best.freq || (freq === best.freq && n > best.fields)) best = { sep, freq, fields: n };
    }
  }
  return best.sep;
}

function splitSampleLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1) lines.pop(); // the last one may be cut mid-way
  return lines.filter((l) => l.trim() !== "");
}

function countOutsideQuotes(line: string, sep: string): number {
  let n = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === sep && !inQuotes) n++;
  }
  return n;
}

export interface CsvRecord {
  line: number; // 1-based physical line the record starts on
  fields: string[];
}

/**
 * The file's records, streamed. RFC 4180 quoting ("" inside quotes, separators and newlines in
 * quoted fields), CRLF/LF/CR line ends; lenient where exporters are sloppy (a quote in the middle
 * of an unquoted field is kept as text). Blank lines are skipped but still counted.
 */
export async function* readCsv(file: SourceFile, format: CsvFormat, maxBytes = DEFAULT_MAX_BYTES): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(file, format, maxBytes)) yield* batch;
}

/**
 * The same records, a batch per chunk of the file (about 64 KiB): one await per batch instead of
 * one per record, which is most of the cost on files of a million short rows.
 */
export async function* readCsvBatches(file: SourceFile, format: CsvFormat, maxBytes = DEFAULT_MAX_BYTES): AsyncGenerator<CsvRecord[]> {
  // The UTF-8 decoder strips a BOM itself (ignoreBOM: false) and, being fatal, turns a bad byte
  // deep in the file into an error instead of silent U+FFFD replacement characters.
  const decoder = new TextDecoder(format.encoding, { fatal: format.encoding === "utf-8" });
  const sep = format.separator;
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field
  let pendingCR = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false; // the current record has any content

  const endRecord = (): CsvRecord | null => {
    fields.push(field);
    const rec = fieldStarted || fields.length > 1 ? { line: recordLine, fields } : null;
    fields = [];
    field = "";
    afterQuote = false;
    fieldStarted = false;
    return rec;
  };

  const consume = function* (text: string): Generator<CsvRecord> {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const ch = text[i];
      if (pendingCR) {
        pendingCR = false;
        if (ch === "\n") { i++; continue; }
      }
      if (!inQuotes && !fieldStarted && fields.length === 0 && field === "") {
        // Fast path: a whole line without quotes is split in one go (most rows of most exports).
        const nl = text.indexOf("\n", i);
        if (nl !== -1) {
          const end = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          const seg = text.slice(i, end);
          if (seg.indexOf('"') === -1 && seg.indexOf("\r") === -1) {
            if (seg !== "") yield { line, fields: seg.split(sep) };
            line++;
            recordLine = line;
            i = nl + 1;
            continue;
          }
        }
      }
      if (inQuotes) {
        // Copy everything up to the next quote in one go (the hot path for quoted text).
        const q = text.indexOf('"', i);
        if (q === -1) {
          const chunk = text.slice(i);
          for (const c of chunk) if (c === "\n") line++;
          field += chunk;
          i = n;
          continue;
        }
        const chunk = text.slice(i, q);
        for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
        field += chunk;
        if (q + 1 >= n) { i = q; break; } // cannot tell "" from " yet: wait for the next chunk
        if (text[q + 1] === '"') { field += '"'; i = q + 2; continue; }
        inQuotes = false;
        afterQuote = true;
        i = q + 1;
        continue;
      }
      if (ch === sep) {
        fields.push(field);
        field = "";
        afterQuote = false;
        fieldStarted = true;
        i++;
        continue;
      }
      if (ch === "\n" || ch === "\r") {
        const rec = endRecord();
        if (rec) yield rec;
        line++;
        recordLine = line;
        if (ch === "\r") pendingCR = true;
        i++;
        continue;
      }
      if (ch === '"' && field === "" && !afterQuote) {
        inQuotes = true;
        fieldStarted = true;
        i++;
        continue;
      }
      // Plain text: take the run up to the next special character.
      let j = i + 1;
      while (j < n) {
        const c = text[j];
        if (c === sep || c === "\n" || c === "\r") break;
        j++;
      }
      field += text.slice(i, j);
      fieldStarted = true;
      i = j;
    }
    return i;
  };

  let carry = "";
  try {
    for await (const chunk of capped(file, maxBytes)) {
      const text = carry + decoder.decode(chunk, { stream: true });
      carry = "";
      const gen = consume(text);
      const batch: CsvRecord[] = [];
      let r = gen.next();
      while (!r.done) { batch.push(r.value); r = gen.next(); }
      if (batch.length) yield batch;
      const stoppedAt = r.value as number;
      if (stoppedAt < text.length) carry = text.slice(stoppedAt);
    }
    const tail = carry + decoder.decode();
    if (tail) {
      // A final lone quote at the very end of the file closes its field.
      const gen = consume(tail.endsWith('"') && inQuotes ? tail + "\n" : tail);
      const batch: CsvRecord[] = [];
      let r = gen.next();
      while (!r.done) { batch.push(r.value); r = gen.next(); }
      if (batch.length) yield batch;
    }
  } catch (err) {
    if (err instanceof TypeError && /encod|decod/i.test(err.message)) {
      throw new IngestError([{ row: line, column: null, value: null, expected: "UTF-8 text like the rest of the file (this line has bytes that are not UTF-8: save the file as \"CSV UTF-8\")" }]);
    }
    throw err;
  }
  if (inQuotes) {
    throw new IngestError([{ row: recordLine, column: null, value: null, expected: "a closing quote (\") for the field opened on this row: the file ends inside it" }]);
  }
  if (fieldStarted || fields.length > 0 || field !== "") {
    const rec = endRecord();
    if (rec) yield [rec];
  }
}
