// Turns Admin GraphQL objects (as the queries in ../shopify/queries.ts return them) into Grip's
// fact rows. One mapping for every path (bulk backfill, webhook refetch, reconciliation), so the
// same order always becomes the same rows. Money: shop money (MoneyBag.shopMoney), exact minor
// units. Days: shop-local, in the shop's IANA zone.
import { parseMinor } from "../money";
import { shopLocalDay } from "../time";

export interface ShopContext {
  shop: string;
  currencyCode: string;
  ianaTimezone: string;
}

interface MoneyV2 { amount: string; currencyCode: string }
interface MoneyBag { shopMoney: MoneyV2 }

export interface GqlOrder {
  id: string;
  name: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  sourceName: string | null;
  attribution: { handle: string; displayName: string } | null;
  app: { name: string | null } | null;
  customer: { id: string; numberOfOrders?: string } | null;
  displayFinancialStatus?: string | null;
  customerJourneySummary?: GqlJourney | null;
  subtotalPriceSet: MoneyBag | null;
  totalDiscountsSet: MoneyBag | null;
  totalShippingPriceSet: MoneyBag;
  totalTaxSet: MoneyBag | null;
  totalPriceSet: MoneyBag;
  // Duties charged (null when the order has none: stored as 0).
  originalTotalDutiesSet?: MoneyBag | null;
  refunds?: GqlRefund[];
}

export interface GqlVisit {
  id: string;
  occurredAt: string;
  source: string;
  sourceType: string | null;
  referrerUrl: string | null;
  utmParameters: { source: string | null; medium: string | null; campaign: string | null } | null;
  marketingEvent: { id: string } | null;
}

export interface GqlJourney {
  ready: boolean;
  customerOrderIndex: number | null;
  daysToConversion: number | null;
  firstVisit: GqlVisit | null;
  lastVisit: GqlVisit | null;
}

export interface GqlLineItem {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  isGiftCard: boolean;
  originalUnitPriceSet: MoneyBag;
  discountAllocations: Array<{ allocatedAmountSet: MoneyBag }>;
  product: { id: string } | null;
  variant: { id: string; inventoryItem?: { unitCost: MoneyV2 | null } | null } | null;
}

export interface GqlShippingLine {
  id: string;
  title: string;
  originalPriceSet: MoneyBag;
  discountAllocations: Array<{ allocatedAmountSet: MoneyBag }>;
}

export interface GqlRefundLine {
  id: string | null;
  quantity: number;
  restockType: string;
  lineItem: { id: string };
  subtotalSet: MoneyBag;
  totalTaxSet?: MoneyBag | null; // issue #5: tax refunded on the line; optional until queried
}

export interface GqlRefund {
  id: string;
  createdAt: string | null;
  processedAt: string;
  totalRefundedSet: MoneyBag;
  refundLineItems?: { nodes: GqlRefundLine[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };
  refundShippingLines?: { nodes: Array<{ subtotalAmountSet: MoneyBag }> };
  duties?: Array<{ amountSet: MoneyBag }> | null; // issue #5: duties refunded; optional until queried
}

export interface OrderRow {
  shop: string; id: string; name: string;
  createdAt: Date; processedAt: Date; shopifyUpdatedAt: Date; cancelledAt: Date | null;
  test: boolean; currencyCode: string; presentmentCurrency: string; customerId: string | null;
  salesChannel: string; processedDay: string; cancelledDay: string | null;
  subtotalAmount: bigint; totalDiscountsAmount: bigint; totalShippingAmount: bigint; totalTaxAmount: bigint; totalPriceAmount: bigint;
  totalDutiesAmount: bigint;
  displayFinancialStatus: string | null;
  journeyReady: boolean | null; customerOrderIndex: number | null; daysToConversion: number | null;
  firstVisitAt: Date | null; firstVisitSource: string | null; firstVisitSourceType: string | null; firstVisitReferrerUrl: string | null;
  firstVisitUtmSource: string | null; firstVisitUtmMedium: string | null; firstVisitUtmCampaign: string | null; firstVisitMarketingEventId: string | null;
  lastVisitAt: Date | null; lastVisitSource: string | null; lastVisitSourceType: string | null; lastVisitReferrerUrl: string | null;
  lastVisitUtmSource: string | null; lastVisitUtmMedium: string | null; lastVisitUtmCampaign: string | null; lastVisitMarketingEventId: string | null;
}

export interface CustomerRow { shop: string; id: string; numberOfOrders: number }

export interface LineRow {
  shop: string; id: string; orderId: string; productId: string | null; variantId: string | null; sku: string | null;
  title: string; quantity: number; currentQuantity: number; unitPriceAmount: bigint; grossAmount: bigint;
  discountAmount: bigint; isGiftCard: boolean; processedDay: string;
  /** Unit cost at Shopify when read; store.ts writes it on insert only (frozen). */
  unitCostAmount: bigint | null;
}

export interface ShippingRow {
  shop: string; id: string; orderId: string; title: string; amount: bigint; discountAmount: bigint;
}

export interface RefundRow {
  shop: string; id: string; orderId: string; createdAt: Date | null; processedAt: Date; processedDay: string;
  totalRefundedAmount: bigint; shippingRefundedAmount: bigint; linesComplete: boolean; dutiesRefundedAmount: bigint;
}

export interface RefundLineRow {
  shop: string; id: string; refundId: string; orderId: string; lineItemId: string; quantity: number;
  subtotalAmount: bigint; restockType: string; taxAmount: bigint;
}

/** Shop money of a MoneyBag in minor units; the currency must be the shop's. */
export function shopMoney(bag: MoneyBag | null | undefined, ctx: ShopContext, what: string): bigint {
  if (!bag) return 0n;
  const m = bag.shopMoney;
  if (m.currencyCode !== ctx.currencyCode) {
    throw new Error(`${what}: shop money in ${m.currencyCode}, expected the shop currency ${ctx.currencyCode}`);
  }
  return parseMinor(m.amount, m.currencyCode);
}

function sumAllocations(allocs: Array<{ allocatedAmountSet: MoneyBag }>, ctx: ShopContext, what: string): bigint {
  let total = 0n;
  for (const a of allocs) total += shopMoney(a.allocatedAmountSet, ctx, what);
  return total;
}

function salesChannelOf(o: GqlOrder): string {
  // Order.attribution is 2026-10's answer to "which channel sold this"; older orders or apps
  // without attribution fall back to the creating app, then the raw source name.
  return o.attribution?.displayName || o.app?.name || o.sourceName || "Unknown";
}

export function orderRow(o: GqlOrder, ctx: ShopContext): OrderRow {
  const processedAt = new Date(o.processedAt);
  const cancelledAt = o.cancelledAt ? new Date(o.cancelledAt) : null;
  return {
    shop: ctx.shop,
    id: o.id,
    name: o.name,
    createdAt: new Date(o.createdAt),
    processedAt,
    shopifyUpdatedAt: new Date(o.updatedAt),
    cancelledAt,
    test: o.test,
    currencyCode: ctx.currencyCode,
    presentmentCurrency: o.presentmentCurrencyCode,
    customerId: o.customer?.id ?? null,
    salesChannel: salesChannelOf(o),
    processedDay: shopLocalDay(processedAt, ctx.ianaTimezone),
    cancelledDay: cancelledAt ? shopLocalDay(cancelledAt, ctx.ianaTimezone) : null,
    subtotalAmount: shopMoney(o.subtotalPriceSet, ctx, `${o.name} subtotalPriceSet`),
    totalDiscountsAmount: shopMoney(o.totalDiscountsSet, ctx, `${o.name} totalDiscountsSet`),
    totalShippingAmount: shopMoney(o.totalShippingPriceSet, ctx, `${o.name} totalShippingPriceSet`),
    totalTaxAmount: shopMoney(o.totalTaxSet, ctx, `${o.name} totalTaxSet`),
    totalPriceAmount: shopMoney(o.totalPriceSet, ctx, `${o.name} totalPriceSet`),
    totalDutiesAmount: shopMoney(o.originalTotalDutiesSet, ctx, `${o.name} originalTotalDutiesSet`),
    displayFinancialStatus: o.displayFinancialStatus ?? null,
    journeyReady: o.customerJourneySummary ? o.customerJourneySummary.ready : null,
    customerOrderIndex: o.customerJourneySummary?.customerOrderIndex ?? null,
    daysToConversion: o.customerJourneySummary?.daysToConversion ?? null,
    ...visitColumns("firstVisit", o.customerJourneySummary?.firstVisit ?? null),
    ...visitColumns("lastVisit", o.customerJourneySummary?.lastVisit ?? null),
  };
}

function visitColumns<P extends "firstVisit" | "lastVisit">(prefix: P, v: GqlVisit | null) {
  return {
    [`${prefix}At`]: v ? new Date(v.occurredAt) : null,
    [`${prefix}Source`]: v?.source ?? null,
    [`${prefix}SourceType`]: v?.sourceType ?? null,
    [`${prefix}ReferrerUrl`]: v?.referrerUrl ?? null,
    [`${prefix}UtmSource`]: v?.utmParameters?.source ?? null,
    [`${prefix}UtmMedium`]: v?.utmParameters?.medium ?? null,
    [`${prefix}UtmCampaign`]: v?.utmParameters?.campaign ?? null,
    [`${prefix}MarketingEventId`]: v?.marketingEvent?.id ?? null,
  } as Record<`${P}${"At"}`, Date | null> & Record<`${P}${"Source" | "SourceType" | "ReferrerUrl" | "UtmSource" | "UtmMedium" | "UtmCampaign" | "MarketingEventId"}`, string | null>;
}

/** The customer as an order reports it; null for guests or when the count was not read. */
export function customerRow(o: GqlOrder, ctx: ShopContext): CustomerRow | null {
  const c = o.customer;
  if (!c || c.numberOfOrders === undefined) return null;
  // UnsignedInt64 arrives as a decimal string.
  if (!/^\d{1,9}$/.test(c.numberOfOrders)) throw new Error(`${o.name} customer.numberOfOrders: not a count: ${JSON.stringify(c.numberOfOrders)}`);
  return { shop: ctx.shop, id: c.id, numberOfOrders: Number(c.numberOfOrders) };
}

export function lineRow(l: GqlLineItem, orderId: string, processedDay: string, ctx: ShopContext): LineRow {
  const unit = shopMoney(l.originalUnitPriceSet, ctx, `line ${l.id} originalUnitPriceSet`);
  return {
    shop: ctx.shop,
    id: l.id,
    orderId,
    productId: l.product?.id ?? null,
    variantId: l.variant?.id ?? null,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    currentQuantity: l.currentQuantity,
    unitPriceAmount: unit,
    grossAmount: unit * BigInt(l.quantity),
    discountAmount: sumAllocations(l.discountAllocations, ctx, `line ${l.id} discountAllocations`),
    isGiftCard: l.isGiftCard,
    processedDay,
    unitCostAmount: unitCostOf(l.variant?.inventoryItem?.unitCost ?? null, ctx, `line ${l.id} variant.inventoryItem.unitCost`),
  };
}

/** InventoryItem.unitCost (a MoneyV2 in the shop currency) in minor units; null when no cost is set. */
export function unitCostOf(m: MoneyV2 | null, ctx: ShopContext, what: string): bigint | null {
  if (!m) return null;
  if (m.currencyCode !== ctx.currencyCode) {
    throw new Error(`${what}: unit cost in ${m.currencyCode}, expected the shop currency ${ctx.currencyCode}`);
  }
  return parseMinor(m.amount, m.currencyCode);
}

export function shippingRow(s: GqlShippingLine, orderId: string, ctx: ShopContext): ShippingRow {
  return {
    shop: ctx.shop,
    id: s.id,
    orderId,
    title: s.title,
    amount: shopMoney(s.originalPriceSet, ctx, `shipping line ${s.id}`),
    discountAmount: sumAllocations(s.discountAllocations, ctx, `shipping line ${s.id} discountAllocations`),
  };
}

export function refundRow(r: GqlRefund, orderId: string, ctx: ShopContext): RefundRow {
  const processedAt = new Date(r.processedAt);
  const hasLines = r.refundLineItems !== undefined && !r.refundLineItems.pageInfo?.hasNextPage;
  let shippingRefunded = 0n;
  for (const s of r.refundShippingLines?.nodes ?? []) shippingRefunded += shopMoney(s.subtotalAmountSet, ctx, `refund ${r.id} shipping`);
  let dutiesRefunded = 0n;
  for (const d of r.duties ?? []) dutiesRefunded += shopMoney(d.amountSet, ctx, `refund ${r.id} duties`);
  return {
    shop: ctx.shop,
    id: r.id,
    orderId,
    createdAt: r.createdAt ? new Date(r.createdAt) : null,
    processedAt,
    processedDay: shopLocalDay(processedAt, ctx.ianaTimezone),
    totalRefundedAmount: shopMoney(r.totalRefundedSet, ctx, `refund ${r.id} totalRefundedSet`),
    shippingRefundedAmount: shippingRefunded,
    linesComplete: hasLines,
    dutiesRefundedAmount: dutiesRefunded,
  };
}

export function refundLineRow(l: GqlRefundLine, refundId: string, orderId: string, ctx: ShopContext): RefundLineRow {
  // RefundLineItem.id is nullable in the schema; a stable synthetic key keeps upserts idempotent.
  const id = l.id ?? `${refundId}#${l.lineItem.id}`;
  return {
    shop: ctx.shop,
    id,
    refundId,
    orderId,
    lineItemId: l.lineItem.id,
    quantity: l.quantity,
    subtotalAmount: shopMoney(l.subtotalSet, ctx, `refund line ${id} subtotalSet`),
    restockType: l.restockType,
    taxAmount: shopMoney(l.totalTaxSet, ctx, `refund line ${id} totalTaxSet`),
  };
}
