// Refund line items for a set of refunds, read in batches through nodes(ids:) (the bulk backfill
// cannot carry them: Order.refunds is a list, and a bulk query may not nest a connection in a
// list). Used by the backfill and by single-order refetches alike.
import type { AdminGraphql } from "../shopify/admin-client";
import { REFUND_LINES_PAGE_QUERY, REFUND_LINES_QUERY, REFUNDS_PER_LINES_QUERY } from "../shopify/queries";
import type { GqlRefundLine } from "./facts";

export interface RefundLinesResult {
  refundId: string;
  lines: GqlRefundLine[];
  shippingSubtotals: Array<{ subtotalAmountSet: { shopMoney: { amount: string; currencyCode: string } } }>;
}

interface RefundNode {
  id: string;
  refundLineItems: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GqlRefundLine[] };
  refundShippingLines?: { nodes: RefundLinesResult["shippingSubtotals"] };
}

export async function fetchRefundLines(admin: AdminGraphql, refundIds: string[]): Promise<RefundLinesResult[]> {
  const out: RefundLinesResult[] = [];
  for (let i = 0; i < refundIds.length; i += REFUNDS_PER_LINES_QUERY) {
    const ids = refundIds.slice(i, i + REFUNDS_PER_LINES_QUERY);
    const data = await admin.request<{ nodes: Array<RefundNode | null> }>(REFUND_LINES_QUERY, { ids });
    for (let k = 0; k < ids.length; k++) {
      const node = data.nodes[k];
      if (!node) throw new Error(`refund ${ids[k]} not found at Shopify`);
      const lines = [...node.refundLineItems.nodes];
      let page = node.refundLineItems.pageInfo;
      while (page.hasNextPage) {
        const more = await admin.request<{ node: RefundNode | null }>(REFUND_LINES_PAGE_QUERY, { id: node.id, after: page.endCursor });
        if (!more.node) throw new Error(`refund ${node.id} disappeared while paging its lines`);
        lines.push(...more.node.refundLineItems.nodes);
        page = more.node.refundLineItems.pageInfo;
      }
      out.push({ refundId: node.id, lines, shippingSubtotals: node.refundShippingLines?.nodes ?? [] });
    }
  }
  return out;
}
