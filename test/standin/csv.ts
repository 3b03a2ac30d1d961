// A small, strict RFC 4180 CSV parser for the stand-in's demo data loaders.
//
// - Fields are separated by commas; records by line breaks (CRLF or LF).
// - A field may be enclosed in double quotes; inside, a doubled quote ("") is one quote, and
//   commas and line breaks are literal. A record can therefore span several physical lines.
// - Strict: a quote inside an unquoted field, text after a closing quote, or an unterminated
//   quoted field at the end of input is an error (CsvError), never a silent guess.
// - An empty line is a record with one empty field, as RFC 4180 reads it; callers skip it if
//   they wish (the loaders do).
//
// Two ways in: `parseCsv(text)` for a whole string, and `CsvLineParser` fed one physical line at a
// time (what node:readline yields), so large gzip files can be streamed without holding their
// text. readline drops the line break, so a line break inside a quoted field comes back as "\n".

export class CsvError extends Error {
  constructor(message: string, readonly line: number) {
    super(`CSV line ${line}: ${message}`);
    this.name = "CsvError";
  }
}

export class CsvLineParser {
  private fields: string[] = [];
  private field = "";
  private inQuotes = false; // inside a quoted field that continues on the next line
  private lineNo = 0;
  private recordStart = 0;

  /** Physical lines fed so far. */
  get linesRead(): number {
    return this.lineNo;
  }

  /** The physical line on which the last completed record (or the pending one) started. */
  get recordLine(): number {
    return this.recordStart;
  }

  /** True while a quoted field is open across a line break. */
  get pending(): boolean {
    return this.inQuotes;
  }

  /**
   * Feed one physical line without its line break (a trailing "\r" is dropped). Returns the
   * completed record, or null when the line ends inside a quoted field.
   */
  push(rawLine: string): string[] | null {
    this.lineNo++;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const n = line.length;
    let i = 0;
    if (this.inQuotes) {
      this.field += "\n"; // the line break inside the quoted field
    } else {
      this.recordStart = this.lineNo;
      // Fast path: a record without quotes.
      if (line.indexOf('"') === -1) return line.split(",");
    }
    // Either inside a quoted field, or at the start of a field at i.
    for (;;) {
      if (this.inQuotes) {
        const q = line.indexOf('"', i);
        if (q === -1) {
          this.field += line.slice(i);
          return null; // continues on the next line
        }
        this.field += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34 /* " */) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        // The closing quote ends the field; a comma or the end of the record must follow.
        this.inQuotes = false;
        this.fields.push(this.field);
        this.field = "";
        i = q + 1;
        if (i === n) return this.take();
        if (line.charCodeAt(i) !== 44 /* , */) {
          throw new CsvError(`unexpected ${JSON.stringify(line[i])} after a closing quote (column ${i + 1})`, this.lineNo);
        }
        i++;
      }
      if (i < n && line.charCodeAt(i) === 34) {
        this.inQuotes = true;
        i++;
        continue;
      }
      const c = line.indexOf(",", i);
      const end = c === -1 ? n : c;
      const text = line.slice(i, end);
      const stray = text.indexOf('"');
      if (stray !== -1) throw new CsvError(`quote inside an unquoted field (column ${i + stray + 1})`, this.lineNo);
      this.fields.push(text);
      if (c === -1) return this.take();
      i = c + 1;
    }
  }

  /** Call at the end of input: throws if a quoted field was never closed. */
  end(): void {
    if (this.inQuotes) throw new CsvError("unterminated quoted field at end of input", this.recordStart);
  }

  private take(): string[] {
    const out = this.fields;
    this.fields = [];
    return out;
  }
}

/** Parse a whole CSV text into records. A final line break does not start another record. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvLineParser();
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const out: string[][] = [];
  for (const line of lines) {
    const rec = parser.push(line);
    if (rec) out.push(rec);
  }
  parser.end();
  return out;
}
