// Card help texts come from docs/kpis.md itself (the real file), and every id a page uses exists.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { definitionFrom } from "../../app/modules/metrics/definitions";
import { CUSTOMER_PAGE_DEFINITIONS, SALES_PAGE_DEFINITIONS } from "../../app/modules/metrics/pages.server";

const doc = readFileSync(path.resolve(import.meta.dirname, "..", "..", "docs", "kpis.md"), "utf8");

describe("definitions from docs/kpis.md", () => {
  test("a heading's paragraph and a list item, markdown removed", () => {
    expect(definitionFrom(doc, "net-sales")).toBe("Gross sales − discounts − returns. Excludes shipping and taxes.");
    expect(definitionFrom(doc, "repeat-purchase-rate")).toBe("Repeat purchase rate (industry definition, ours): customers with 2 or more orders inside the range / customers.");
    expect(() => definitionFrom(doc, "no-such-kpi")).toThrow(/no definition with id "no-such-kpi"/);
  });

  test("every number the pages show has a definition", () => {
    for (const id of [...SALES_PAGE_DEFINITIONS, ...CUSTOMER_PAGE_DEFINITIONS]) expect(definitionFrom(doc, id).length).toBeGreaterThan(20);
  });
});
