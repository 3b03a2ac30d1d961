// Refetch one order in full and replace its facts, atomically. Used for webhooks and
// reconciliation: Grip stores what Shopify says now, never what a (possibly stale or reordered)
// webhook body said, and never goes back in time (Order.shopifyUpdatedAt only moves forward).
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../shopify/admin-client";
import { ORDER_LINES_PAGE_QUERY, ORDER_QUERY } from "../shopify/queries";
import {
  customerRow, lineRow, orderRow, refundLineRow, refundRow, shippingRow, shopMoney,
  type GqlLineItem, type GqlOrder, type GqlShippingLine, type ShopContext,
} from "./facts";
import { fetchRefundLines } from "./refund-lines";
import { upsertCustomers, upsertLines, upsertOrders, upsertRefundLines, upsertRefunds, upsertShippingLines } from "./store";

type FullOrder = GqlOrder & {
  lineItems: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GqlLineItem[] };
  shippingLines: { nodes: GqlShippingLine[] };
};

export type SyncOrderOutcome = "stored" | "unchanged" | "older" | "not_found";

export async function syncOrder(db: PrismaClient, admin: AdminGraphql, ctx: ShopContext, orderId: string): Promise<SyncOrderOutcome> {
  const data = await admin.request<{ order: FullOrder | null }>(ORDER_QUERY, { id: orderId });
  const order = data.order;
  if (!order) return "not_found";
  const lines = [...order.lineItems.nodes];
  let page = order.lineItems.pageInfo;
  while (page.hasNextPage) {
    const more = await admin.request<{ order: { lineItems: FullOrder["lineItems"] } | null }>(ORDER_LINES_PAGE_QUERY, { id: orderId, after: page.endCursor });
    if (!more.order) return "not_found";
    lines.push(...more.order.lineItems.nodes);
    page = more.order.lineItems.pageInfo;
  }
  const refundHeaders = order.refunds ?? [];
  const refundLines = await fetchRefundLines(admin, refundHeaders.map((r) => r.id));
  const linesByRefund = new Map(refundLines.map((r) => [r.refundId, r]));

  const row = orderRow(order, ctx);
  return db.$transaction(async (tx) => {
    const current = await tx.order.findUnique({ where: { shop_id: { shop: ctx.shop, id: order.id } }, select: { shopifyUpdatedAt: true } });
    if (current && current.shopifyUpdatedAt > row.shopifyUpdatedAt) return "older" as const;
    await upsertOrders(tx, [row]);
    const customer = customerRow(order, ctx);
    if (customer) await upsertCustomers(tx, [customer]);
    await upsertLines(tx, lines.map((l) => lineRow(l, order.id, row.processedDay, ctx)));
    await upsertShippingLines(tx, order.shippingLines.nodes.map((s) => shippingRow(s, order.id, ctx)));
    await upsertRefunds(tx, refundHeaders.map((r) => {
      const detail = linesByRefund.get(r.id);
      let shipping = 0n;
      for (const s of detail?.shippingSubtotals ?? []) shipping += shopMoney(s.subtotalAmountSet, ctx, `refund ${r.id} shipping`);
      return { ...refundRow(r, order.id, ctx), shippingRefundedAmount: shipping, linesComplete: true };
    }));
    await upsertRefundLines(tx, refundLines.flatMap((r) => r.lines.map((l) => refundLineRow(l, r.refundId, order.id, ctx))));
    // Children Shopify no longer reports (a shipping line removed by an edit) go too.
    await tx.shippingLine.deleteMany({ where: { shop: ctx.shop, orderId: order.id, id: { notIn: order.shippingLines.nodes.map((s) => s.id) } } });
    return current && current.shopifyUpdatedAt.getTime() === row.shopifyUpdatedAt.getTime() ? ("unchanged" as const) : ("stored" as const);
  });
}
