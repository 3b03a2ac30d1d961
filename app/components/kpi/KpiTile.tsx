// One KPI card: the value (data-testid="tile-<id>", data-value = the exact figure), its change
// against the previous period and last year, a sparkline over the range's series, the definition
// from docs/kpis.md, and a link to the rows behind it.
import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { TileView } from "./view";
import { ClientOnly } from "./ClientOnly";
import { Sparkline } from "./Charts.client";

const BADGE_TONE = { good: "success", bad: "critical", neutral: undefined } as const;

export function KpiTile({ tile, rowsAnchor }: { tile: TileView; rowsAnchor: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {tile.label}
        </Text>
        <Text as="p" variant="headingXl" tone={tile.value === null ? "subdued" : undefined}>
          <span data-testid={`tile-${tile.id}`} data-value={tile.value ?? ""}>
            {tile.display}
          </span>
        </Text>
        {tile.changes.map((c, i) => (
          <div key={i} data-testid={`tile-${tile.id}-change-${i}`}>
            <InlineStack gap="200" blockAlign="center" wrap>
              {c.display === null ? (
                <Text as="span" variant="bodySm" tone="subdued">
                  {`No comparison ${c.label}${c.comparedDisplay !== null ? ` (${c.comparedDisplay})` : ""}`}
                </Text>
              ) : (
                <>
                  <Badge tone={BADGE_TONE[c.tone]}>{c.display}</Badge>
                  {" "}
                  <Text as="span" variant="bodySm" tone="subdued">
                    {`${c.label} (${c.comparedDisplay ?? ""})`}
                  </Text>
                </>
              )}
            </InlineStack>
          </div>
        ))}
        {tile.spark.length > 1 && (
          <ClientOnly height={40}>{() => (Sparkline ? <Sparkline data={tile.spark} testId={`spark-${tile.id}`} /> : null)}</ClientOnly>
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          <span data-testid={`tile-${tile.id}-help`} title={tile.helpHref}>
            {tile.help}
          </span>
        </Text>
        <Link url={`#${rowsAnchor}`} removeUnderline>
          See the rows behind this figure
        </Link>
      </BlockStack>
    </Card>
  );
}
