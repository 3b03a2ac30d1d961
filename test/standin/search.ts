// A subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax), enough
// for the filters the app sends: terms `field:value`, comparators `:<` `:<=` `:>` `:>=`, single or
// double quoted values, implicit AND, explicit AND / OR, `-` / NOT, parentheses, `*` wildcards.
// Unknown fields are ignored and reported in `extensions.search` warnings, as Shopify does.

import { formatLocal, localToInstant } from "./tz";

export type Comparator = ":" | "<" | "<=" | ">" | ">=";

export type SearchNode =
  | { kind: "and"; items: SearchNode[] }
  | { kind: "or"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "term"; field: string | null; op: Comparator; value: string };

export class SearchSyntaxError extends Error {}

interface Token {
  t: "word" | "quoted" | "lparen" | "rparen";
  v: string;
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      out.push({ t: c === "(" ? "lparen" : "rparen", v: c });
      i++;
      continue;
    }
    // A word runs to whitespace or a paren; quoted stretches inside it keep their spaces
    // (`updated_at:>'2026-01-01T00:00:00Z'`, `title:"summer hat"`).
    let word = "";
    let quotedWhole = false;
    while (i < q.length && !/\s/.test(q[i]) && q[i] !== "(" && q[i] !== ")") {
      if (q[i] === "'" || q[i] === '"') {
        const quote = q[i];
        const end = q.indexOf(quote, i + 1);
        if (end < 0) throw new SearchSyntaxError(`unterminated quote in ${JSON.stringify(q)}`);
        if (word === "") quotedWhole = end === q.length - 1 || /[\s()]/.test(q[end + 1]);
        word += `\u0000${q.slice(i + 1, end)}\u0000`;
        i = end + 1;
      } else {
        word += q[i++];
      }
    }
    out.push({ t: quotedWhole ? "quoted" : "word", v: word });
  }
  return out;
}

const unquote = (s: string) => s.replace(/\u0000/g, "");

function parseTerm(tok: Token): SearchNode {
  if (tok.t === "quoted") return { kind: "term", field: null, op: ":", value: unquote(tok.v) };
  const raw = tok.v;
  // The field is everything before the first unquoted colon.
  const colon = raw.indexOf(":");
  const firstQuote = raw.indexOf("\u0000");
  if (colon <= 0 || (firstQuote >= 0 && firstQuote < colon)) return { kind: "term", field: null, op: ":", value: unquote(raw) };
  const field = raw.slice(0, colon);
  let rest = raw.slice(colon + 1);
  let op: Comparator = ":";
  for (const candidate of ["<=", ">=", "<", ">"] as const) {
    if (rest.startsWith(candidate)) {
      op = candidate;
      rest = rest.slice(candidate.length);
      break;
    }
  }
  return { kind: "term", field: field.toLowerCase(), op, value: unquote(rest) };
}

export function parseSearch(q: string): SearchNode | null {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];

  function parseOr(): SearchNode {
    const items = [parseAnd()];
    while (peek()?.t === "word" && peek().v === "OR") {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }
  function parseAnd(): SearchNode {
    const items = [parseUnary()];
    for (;;) {
      const t = peek();
      if (!t || t.t === "rparen" || (t.t === "word" && t.v === "OR")) break;
      if (t.t === "word" && t.v === "AND") {
        pos++;
        continue;
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  }
  function parseUnary(): SearchNode {
    const t = peek();
    if (!t) throw new SearchSyntaxError(`unexpected end of query ${JSON.stringify(q)}`);
    if (t.t === "word" && t.v === "NOT") {
      pos++;
      return { kind: "not", item: parseUnary() };
    }
    if (t.t === "word" && t.v.startsWith("-") && t.v.length > 1) {
      pos++;
      return { kind: "not", item: parseTerm({ t: "word", v: t.v.slice(1) }) };
    }
    if (t.t === "lparen") {
      pos++;
      const inner = parseOr();
      if (peek()?.t !== "rparen") throw new SearchSyntaxError(`missing ) in ${JSON.stringify(q)}`);
      pos++;
      return inner;
    }
    if (t.t === "rparen") throw new SearchSyntaxError(`unexpected ) in ${JSON.stringify(q)}`);
    pos++;
    return parseTerm(t);
  }

  if (tokens.length === 0) return null;
  const node = parseOr();
  if (pos < tokens.length) throw new SearchSyntaxError(`unexpected ${tokens[pos].v} in ${JSON.stringify(q)}`);
  return node;
}

// ---- evaluation ---------------------------------------------------------------------------------

export type FieldDef<T> =
  | { type: "time"; get: (x: T) => string | null }
  | { type: "number"; get: (x: T) => number | null }
  | { type: "boolean"; get: (x: T) => boolean }
  | { type: "string"; get: (x: T) => string | string[] | null }
  | { type: "custom"; test: (x: T, op: Comparator, value: string) => boolean };

export type FieldTable<T> = Record<string, FieldDef<T>>;

export interface SearchWarning {
  field: string;
  message: string;
  code: "invalid_field" | "invalid_value";
}

export interface CompiledSearch<T> {
  test: (x: T) => boolean;
  warnings: SearchWarning[];
  parsed: unknown;
}

/** A search value as an instant: full timestamps as given, bare dates at midnight in the shop's zone. */
export function searchInstant(value: string, tz: string): number | null {
  const v = value.trim();
  if (v.toLowerCase() === "now") return Date.now();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (date) return localToInstant(tz, +date[1], +date[2], +date[3]);
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (local) return localToInstant(tz, +local[1], +local[2], +local[3], +local[4], +local[5], +(local[6] ?? 0));
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

function compare<V extends number | string>(a: V, op: Comparator, b: V): boolean {
  switch (op) {
    case ":":
      return a === b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

function matchString(actual: string, op: Comparator, expected: string): boolean {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  if (op !== ":") return compare(a, op, e);
  if (e === "*") return true;
  if (e.endsWith("*")) return a.startsWith(e.slice(0, -1));
  return a === e;
}

export function compileSearch<T>(query: string | null | undefined, fields: FieldTable<T>, tz: string, freeText?: (x: T, value: string) => boolean): CompiledSearch<T> {
  const warnings: SearchWarning[] = [];
  const node = query ? parseSearch(query) : null;
  if (!node) return { test: () => true, warnings, parsed: null };

  const build = (n: SearchNode): ((x: T) => boolean) => {
    switch (n.kind) {
      case "and": {
        const fs = n.items.map(build);
        return (x) => fs.every((f) => f(x));
      }
      case "or": {
        const fs = n.items.map(build);
        return (x) => fs.some((f) => f(x));
      }
      case "not": {
        const f = build(n.item);
        return (x) => !f(x);
      }
      case "term":
        return buildTerm(n);
    }
  };

  const buildTerm = (n: Extract<SearchNode, { kind: "term" }>): ((x: T) => boolean) => {
    if (n.field === null) return freeText ? (x) => freeText(x, n.value) : () => true;
    const def = fields[n.field];
    if (!def) {
      warnings.push({ field: n.field, message: "Invalid search field for this query.", code: "invalid_field" });
      return () => true;
    }
    const { op, value } = n;
    switch (def.type) {
      case "time": {
        const at = searchInstant(value, tz);
        if (at === null) {
          warnings.push({ field: n.field, message: `Input \`${value}\` is not an accepted value.`, code: "invalid_value" });
          return () => true;
        }
        const get = def.get;
        const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
        return (x) => {
          const raw = get(x);
          if (raw === null) return false;
          const t = Date.parse(raw);
          // `created_at:2011-01-05` means the whole shop-local day.
          if (op === ":" && bareDate) return t >= at && t < at + 86_400_000;
          return compare(t, op, at);
        };
      }
      case "number": {
        const num = Number(value.replace(/^gid:\/\/shopify\/\w+\//, ""));
        const get = def.get;
        return (x) => {
          const v = get(x);
          return v !== null && compare(v, op, num);
        };
      }
      case "boolean": {
        const want = value.toLowerCase() === "true";
        const get = def.get;
        return (x) => get(x) === want;
      }
      case "string": {
        const get = def.get;
        return (x) => {
          const v = get(x);
          if (v === null) return false;
          return Array.isArray(v) ? v.some((s) => matchString(s, op, value)) : matchString(v, op, value);
        };
      }
      case "custom": {
        const test = def.test;
        return (x) => test(x, op, value);
      }
    }
  };

  return { test: build(node), warnings, parsed: describe(node, fields, tz) };
}

/** The `parsed` tree Shopify echoes back in `extensions.search`. */
function describe<T>(n: SearchNode, fields: FieldTable<T>, tz: string): unknown {
  switch (n.kind) {
    case "and":
      return { and: n.items.map((i) => describe(i, fields, tz)) };
    case "or":
      return { or: n.items.map((i) => describe(i, fields, tz)) };
    case "not":
      return { not: describe(n.item, fields, tz) };
    case "term": {
      let value: string = n.value;
      if (n.field && fields[n.field]?.type === "time") {
        const at = searchInstant(n.value, tz);
        if (at !== null) value = formatLocal(at, tz);
      }
      const key = { ":": "match_all", "<": "range_lt", "<=": "range_lte", ">": "range_gt", ">=": "range_gte" }[n.op];
      return n.field ? { field: n.field, [key]: value } : { field: "default", match_all: value };
    }
  }
}
