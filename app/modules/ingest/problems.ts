// What goes wrong in a merchant's file, said so the merchant can fix it: the row (the line number
// as a spreadsheet shows it, 1-based, counting title lines), the column (by its header), the value
// as it was in the file, and what Grip expected there.

export interface Problem {
  row: number | null; // null: about the whole file (encoding, size, missing column)
  column: string | null;
  value: string | null;
  expected: string;
}

/** A file Grip refuses as a whole (too large, not text, no recognisable header). */
export class IngestError extends Error {
  constructor(public problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "IngestError";
  }
}

export function fileProblem(expected: string): Problem {
  return { row: null, column: null, value: null, expected };
}

export function formatProblem(p: Problem): string {
  const where = [p.row !== null ? `row ${p.row}` : null, p.column !== null ? `column "${p.column}"` : null].filter(Boolean).join(", ");
  const value = p.value !== null ? `: found ${JSON.stringify(p.value)}` : "";
  return `${where ? where + value + ": " : value ? value.slice(2) + ": " : ""}${p.expected}`;
}

/**
 * Collects problems without letting a broken million-row file fill the memory: the first
 * `keep` are kept word for word, the rest only counted.
 */
export class ProblemList {
  readonly items: Problem[] = [];
  more = 0;
  constructor(private keep = 200) {}
  add(p: Problem): void {
    if (this.items.length < this.keep) this.items.push(p);
    else this.more++;
  }
  get count(): number { return this.items.length + this.more; }
}
