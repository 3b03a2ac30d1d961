// The search-syntax subset: parsing of the forms Shopify documents, and date values read in the
// shop's time zone (a bare date is that day's local midnight).

import { describe, expect, it } from "vitest";
import { compileSearch, parseSearch, searchInstant, type FieldTable } from "./search";

describe("parseSearch", () => {
  it("reads fields, comparators, quotes, implicit AND, OR, NOT and parentheses", () => {
    expect(parseSearch("updated_at:>'2026-01-01T00:00:00Z'")).toEqual({ kind: "term", field: "updated_at", op: ">", value: "2026-01-01T00:00:00Z" });
    expect(parseSearch('title:"summer hat" -status:cancelled')).toEqual({
      kind: "and",
      items: [
        { kind: "term", field: "title", op: ":", value: "summer hat" },
        { kind: "not", item: { kind: "term", field: "status", op: ":", value: "cancelled" } },
      ],
    });
    expect(parseSearch("a:1 OR (b:<=2 AND NOT c:>=3)")).toEqual({
      kind: "or",
      items: [
        { kind: "term", field: "a", op: ":", value: "1" },
        { kind: "and", items: [{ kind: "term", field: "b", op: "<=", value: "2" }, { kind: "not", item: { kind: "term", field: "c", op: ">=", value: "3" } }] },
      ],
    });
    expect(parseSearch("   ")).toBeNull();
    expect(() => parseSearch("a:'open")).toThrow(/unterminated quote/);
  });
});

describe("dates", () => {
  it("puts a bare date at local midnight, in winter and in summer", () => {
    expect(new Date(searchInstant("2011-01-15", "Europe/London")!).toISOString()).toBe("2011-01-15T00:00:00.000Z");
    expect(new Date(searchInstant("2011-07-15", "Europe/London")!).toISOString()).toBe("2011-07-14T23:00:00.000Z");
    expect(new Date(searchInstant("2011-07-15", "America/New_York")!).toISOString()).toBe("2011-07-15T04:00:00.000Z");
    expect(new Date(searchInstant("2011-07-15T10:00:00Z", "America/New_York")!).toISOString()).toBe("2011-07-15T10:00:00.000Z");
  });

  it("matches a whole local day with created_at:<date>", () => {
    interface Row {
      at: string;
    }
    const fields: FieldTable<Row> = { created_at: { type: "time", get: (r) => r.at } };
    const { test, parsed } = compileSearch<Row>("created_at:2011-07-15", fields, "Europe/London");
    expect(parsed).toEqual({ field: "created_at", match_all: "2011-07-15T00:00:00+01:00" });
    expect(["2011-07-14T22:59:59Z", "2011-07-14T23:00:00Z", "2011-07-15T22:59:59Z", "2011-07-15T23:00:00Z"].map((at) => test({ at }))).toEqual([false, true, true, false]);
  });

  it("prefix-matches with * and compares strings case-insensitively", () => {
    interface Row {
      sku: string;
    }
    const fields: FieldTable<Row> = { sku: { type: "string", get: (r) => r.sku } };
    const { test } = compileSearch<Row>("sku:mug*", fields, "UTC");
    expect(["MUG-1", "mug", "TEE"].map((sku) => test({ sku }))).toEqual([true, true, false]);
  });
});
