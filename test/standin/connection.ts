// Relay connections as Shopify pages them: opaque cursors (base64 JSON of the last sort value and
// id, like Shopify's own `eyJsYXN0X2lkIjo...`), first/last/after/before/reverse, and the rules the
// Admin API enforces outside bulk operations.

import { GraphQLError } from "graphql";
import { compareEntries, type SortEntry } from "./store";

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

interface CursorKey {
  value: number | string;
  id: number;
}

export function encodeCursor(e: CursorKey): string {
  return Buffer.from(JSON.stringify({ last_id: e.id, last_value: e.value })).toString("base64");
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof v.last_id === "number" && (typeof v.last_value === "number" || typeof v.last_value === "string")) {
      return { id: v.last_id, value: v.last_value };
    }
  } catch {
    // fall through
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
}

/** Shopify refuses unbounded pages outside bulk operations; these are checked per connection. */
export function checkPageArgs(args: ConnectionArgs): void {
  const { first, last } = args;
  if (first != null && last != null) {
    throw new GraphQLError("providing both first and last is not supported", { extensions: { code: "BAD_REQUEST" } });
  }
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, n] of [["first", first], ["last", last]] as const) {
    if (n == null) continue;
    if (n < 0) throw new GraphQLError(`${name} cannot be negative`, { extensions: { code: "BAD_REQUEST" } });
    if (n > MAX_PAGE_SIZE) {
      throw new GraphQLError(`${name} cannot exceed ${MAX_PAGE_SIZE}`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
}

/**
 * One page of `entries` (sorted ascending by value, then id) restricted to those `match` accepts.
 * The cursor is located by binary search and only as many entries as needed are tested, so a
 * page deep into 20,000 orders costs about as much as the first one.
 */
export function paginate<T>(entries: SortEntry<T>[], match: ((t: T) => boolean) | null, args: ConnectionArgs, unbounded: boolean): Connection<T> {
  const n = entries.length;
  const dir = args.reverse ? -1 : 1;
  const at = (i: number) => entries[dir === 1 ? i : n - 1 - i];
  const ok = (i: number) => match === null || match(at(i).item);
  // First view index whose entry sorts after (or, with inclusive, at or after) the cursor.
  const lowerBound = (key: CursorKey, inclusive: boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = dir * compareEntries(at(mid), key);
      if (c > 0 || (inclusive && c === 0)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const start = args.after ? lowerBound(decodeCursor(args.after), false) : 0;
  let end = args.before ? lowerBound(decodeCursor(args.before), true) : n;
  if (end < start) end = start;

  const picked: number[] = [];
  let hasNextPage = false;
  let hasPreviousPage = false;
  const anyMatch = (from: number, to: number, step: 1 | -1) => {
    for (let i = from; step === 1 ? i < to : i >= to; i += step) if (ok(i)) return true;
    return false;
  };

  if (args.last != null && !unbounded) {
    for (let i = end - 1; i >= start && picked.length <= args.last; i--) if (ok(i)) picked.push(i);
    hasPreviousPage = picked.length > args.last;
    if (hasPreviousPage) picked.pop();
    picked.reverse();
    hasNextPage = anyMatch(end, n, 1);
  } else {
    const limit = unbounded || args.first == null ? Infinity : args.first;
    for (let i = start; i < end && picked.length <= limit; i++) if (ok(i)) picked.push(i);
    hasNextPage = picked.length > limit;
    if (hasNextPage) picked.pop();
    hasPreviousPage = start > 0 && anyMatch(start - 1, 0, -1);
  }

  const edges = picked.map((i) => new LazyEdge(at(i)));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return edges.length ? edges[0].cursor : null;
      },
      get endCursor() {
        return edges.length ? edges[edges.length - 1].cursor : null;
      },
    },
  };
}

/** An edge whose cursor is only encoded if someone selects it (bulk exports never do). */
class LazyEdge<T> implements Edge<T> {
  constructor(private readonly entry: SortEntry<T>) {}
  get node(): T {
    return this.entry.item;
  }
  get cursor(): string {
    return encodeCursor(this.entry);
  }
}

/** Entries for an unsorted child list (line items, refunds ...): position is the sort value. */
export function positional<T extends { id?: string | null }>(items: T[], idOf: (t: T, i: number) => number): SortEntry<T>[] {
  return items.map((item, i) => ({ item, value: i, id: idOf(item, i) }));
}
