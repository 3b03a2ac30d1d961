// CSV export of a table's rows. Cells that a spreadsheet would run as a formula (starting with
// =, +, -, @, tab or carriage return) get a leading apostrophe, except plain numbers such as
// "-60.00", which must stay numbers (OWASP "CSV injection"). Fields with a comma, quote or line
// break are quoted, quotes doubled (RFC 4180); lines end with CRLF.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string): string {
  let v = value;
  if (FORMULA_START.test(v) && !PLAIN_NUMBER.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(headers: string[], rows: string[][]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
