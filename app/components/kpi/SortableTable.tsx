// A table of exact figures: sortable on every column (by the exact value, not the display text),
// with a CSV export of exactly the rows shown, in their current order (exact values, formula-
// looking cells escaped: csv.ts).
import { useMemo, useState } from "react";
import { BlockStack, Button, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { TableView } from "./view";
import { toCsv } from "./csv";

function compare(a: string, b: string, numeric: boolean): number {
  if (numeric) {
    const x = a === "" ? Number.NEGATIVE_INFINITY : Number(a);
    const y = b === "" ? Number.NEGATIVE_INFINITY : Number(b);
    return x - y;
  }
  return a.localeCompare(b);
}

export function SortableTable({ table }: { table: TableView }) {
  const [sort, setSort] = useState<{ index: number; dir: "ascending" | "descending" } | null>(null);
  const rows = useMemo(() => {
    if (!sort) return table.rows;
    const col = table.columns[sort.index];
    // Direction inside the comparison (not a reverse afterwards): equal values keep their order.
    const sign = sort.dir === "descending" ? -1 : 1;
    return [...table.rows].sort((r1, r2) => sign * compare(r1[col.key].exact, r2[col.key].exact, col.numeric));
  }, [sort, table]);

  const exportCsv = () => {
    const csv = toCsv(table.columns.map((c) => c.label), rows.map((r) => table.columns.map((c) => r[c.key].exact)));
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = table.csvName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Card padding="0">
      <div id={table.id} data-testid={table.id}>
        <BlockStack gap="0">
          <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {table.title}
              </Text>
              <Button onClick={exportCsv} disabled={rows.length === 0} accessibilityLabel={`Export ${table.title} as CSV`}>
                Export CSV
              </Button>
            </InlineStack>
          </div>
          {rows.length === 0 ? (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p" tone="subdued">
                {table.empty}
              </Text>
            </div>
          ) : (
            <DataTable
              columnContentTypes={table.columns.map((c) => (c.numeric ? "numeric" : "text"))}
              headings={table.columns.map((c) => c.label)}
              rows={rows.map((r) => table.columns.map((c) => r[c.key].display))}
              sortable={table.columns.map(() => true)}
              defaultSortDirection="descending"
              onSort={(index, dir) => setSort({ index, dir: dir === "ascending" ? "ascending" : "descending" })}
            />
          )}
        </BlockStack>
      </div>
    </Card>
  );
}
