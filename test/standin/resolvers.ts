// Resolvers over the dataset for graphql-js `execute` on Shopify's real schema. Fields whose names
// and shapes match the dataset are read by the generic resolver; the ones Shopify derives (totals,
// current quantities, connections, back-references) are written out here. A field the stand-in
// does not model fails loudly with a GraphQL error instead of inventing a value.

import {
  getNamedType,
  GraphQLError,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLTypeResolver,
} from "graphql";
import { checkPageArgs, paginate, positional, type Connection, type ConnectionArgs } from "./connection";
import type {
  MoneyBag,
  MoneyV2,
  StandinCustomer,
  StandinDuty,
  StandinInventoryLevel,
  StandinJourney,
  StandinLocation,
  StandinLineItem,
  StandinOrder,
  StandinProduct,
  StandinRefund,
  StandinRefundLineItem,
  StandinRefundShippingLine,
  StandinShippingLine,
  StandinShop,
  StandinTaxLine,
  StandinVariant,
  StandinVisit,
} from "./dataset";
import { gid, numericTail, parseGid } from "./ids";
import { bagToMinor, graphqlDecimal, minorToBag, normaliseDecimal, scaleBag, subBags, toMinor, type MinorBag } from "./money";
import { compileSearch, type FieldTable, type SearchWarning } from "./search";
import { connectionNodeType, fieldAccess, grants, isConnectionType, typeAccess, type AccessRule } from "./schema";
import { compareEntries, timeValue, type ShopStore, type SortEntry } from "./store";
import { offsetMinutes } from "./tz";

// ---- context ------------------------------------------------------------------------------------

export interface BulkOperationRecord {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
  type: "QUERY" | "MUTATION";
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" | null;
}

/** What the resolvers need from the bulk-operation machinery (implemented in bulk.ts). */
export interface BulkApi {
  get(id: string): BulkOperationRecord | undefined;
  all(): BulkOperationRecord[];
  runQuery(query: string, groupObjects: boolean, scopes: ReadonlySet<string>): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] };
  cancel(id: string): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] };
}

/** Set while a bulk operation executes its query: no page limits, the root list fed in slices. */
export interface BulkExecution {
  slice: { start: number; end: number };
  rootTotal: number | null;
  rootCache: Map<string, SortEntry<unknown>[]>;
}

export interface ExecContext {
  store: ShopStore;
  bulkOps: BulkApi;
  bulk: BulkExecution | null;
  scopes: ReadonlySet<string>; // granted to the access token the request came with
  now: number; // ms, for the 60-day window of orders without read_all_orders
  search: Array<{ path: (string | number)[]; query: string; parsed: unknown; warnings: SearchWarning[] }>;
}

type Args = Record<string, unknown>;
type Resolver<S> = (source: S, args: Args, ctx: ExecContext, info: GraphQLResolveInfo) => unknown;
type TypeResolvers = Record<string, Resolver<never>>;

function accessDenied(field: string, rule: AccessRule): GraphQLError {
  return new GraphQLError(`Access denied for ${field} field. Required access: ${rule.requiredAccess}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: rule.requiredAccess },
  });
}

const SIXTY_DAYS_MS = 60 * 86_400_000;

/** Without read_all_orders an app sees the last 60 days of orders only. */
function orderVisible(ctx: ExecContext, o: StandinOrder): boolean {
  return ctx.scopes.has("read_all_orders") || timeValue(o.createdAt) >= ctx.now - SIXTY_DAYS_MS;
}

function notImplemented(info: GraphQLResolveInfo): GraphQLError {
  return new GraphQLError(`The Shopify stand-in does not model ${info.parentType.name}.${info.fieldName}.`, {
    extensions: { code: "STANDIN_NOT_IMPLEMENTED" },
  });
}

// ---- helpers ------------------------------------------------------------------------------------

const bag = (m: MinorBag): MoneyBag => minorToBag(m);

function connArgs(args: Args): ConnectionArgs {
  return {
    first: args.first as number | null | undefined,
    last: args.last as number | null | undefined,
    after: args.after as string | null | undefined,
    before: args.before as string | null | undefined,
    reverse: args.reverse as boolean | null | undefined,
  };
}

function responsePath(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

function isRootField(info: GraphQLResolveInfo): boolean {
  return info.path.prev === undefined;
}

/**
 * A connection over sorted entries. Inside a bulk operation there are no page limits, and the root
 * connection is served in the slices the runner asks for, so 20,000 orders never sit in one result.
 */
function connection<T>(
  ctx: ExecContext,
  info: GraphQLResolveInfo,
  args: Args,
  entries: () => SortEntry<T>[],
  match: ((t: T) => boolean) | null,
): Connection<T> {
  const a = connArgs(args);
  if (!ctx.bulk) {
    checkPageArgs(a);
    return paginate(entries(), match, a, false);
  }
  if (!isRootField(info)) return paginate(entries(), match, { reverse: a.reverse }, true);
  const key = info.fieldName;
  let all = ctx.bulk.rootCache.get(key) as SortEntry<T>[] | undefined;
  if (!all) {
    const sorted = args.reverse ? [...entries()].reverse() : entries();
    all = match ? sorted.filter((e) => match(e.item)) : sorted;
    ctx.bulk.rootCache.set(key, all as SortEntry<unknown>[]);
  }
  ctx.bulk.rootTotal = all.length;
  const { start, end } = ctx.bulk.slice;
  const part = all.slice(start, end);
  return paginate(part.map((e, i) => ({ ...e, value: start + i })), null, {}, true);
}

function searched<T>(ctx: ExecContext, info: GraphQLResolveInfo, query: unknown, fields: FieldTable<T>, freeText?: (x: T, v: string) => boolean) {
  if (typeof query !== "string" || query.trim() === "") return null;
  let compiled;
  try {
    compiled = compileSearch(query, fields, ctx.store.data.shop.ianaTimezone, freeText);
  } catch (e) {
    throw new GraphQLError(`Invalid search query: ${(e as Error).message}`, { extensions: { code: "BAD_REQUEST" } });
  }
  ctx.search.push({ path: responsePath(info), query, parsed: compiled.parsed, warnings: compiled.warnings });
  return compiled.test;
}

function byIndex<T extends { id?: string | null }>(items: T[]): SortEntry<T>[] {
  return positional(items, (t, i) => (t.id ? numericTail(t.id) : i));
}

function requireGid(id: unknown): string {
  if (typeof id !== "string" || !parseGid(id)) {
    throw new GraphQLError(`Invalid global id '${String(id)}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  }
  return id;
}

function legacyId(id: string): string {
  return parseGid(id)?.tail ?? id;
}

function taxLinesOut(lines: StandinTaxLine[] | undefined) {
  return (lines ?? []).map((t) => ({
    title: t.title,
    rate: t.rate,
    ratePercentage: Math.round(t.rate * 10000) / 100,
    priceSet: t.priceSet,
    price: t.priceSet.shopMoney.amount,
    channelLiable: false,
    source: null,
  }));
}

// ---- search fields ------------------------------------------------------------------------------

function orderSearchFields(store: ShopStore): FieldTable<StandinOrder> {
  return {
    created_at: { type: "time", get: (o) => o.createdAt },
    updated_at: { type: "time", get: (o) => o.updatedAt },
    processed_at: { type: "time", get: (o) => o.processedAt },
    test: { type: "boolean", get: (o) => o.test },
    id: { type: "number", get: (o) => numericTail(o.id) },
    name: { type: "string", get: (o) => [o.name, o.name.replace(/^#/, "")] },
    source_name: { type: "string", get: (o) => o.sourceName },
    channel: { type: "string", get: (o) => o.attribution.handle },
    tag: { type: "string", get: (o) => o.tags },
    sku: { type: "string", get: (o) => o.lineItems.map((li) => li.sku ?? "").filter(Boolean) },
    customer_id: { type: "number", get: (o) => (o.customerId ? numericTail(o.customerId) : null) },
    financial_status: { type: "string", get: (o) => store.orderTotals(o).financialStatus.toLowerCase() },
    status: {
      type: "custom",
      test: (o, _op, v) => {
        const s = v.toLowerCase();
        if (s === "any") return true;
        if (s === "cancelled") return o.cancelledAt !== null;
        if (s === "open") return o.cancelledAt === null;
        return false; // closed: the stand-in never archives orders
      },
    },
  };
}

const productSearchFields: FieldTable<StandinProduct> = {
  id: { type: "number", get: (p) => numericTail(p.id) },
  title: { type: "string", get: (p) => p.title },
  handle: { type: "string", get: (p) => p.handle },
  product_type: { type: "string", get: (p) => p.productType },
  vendor: { type: "string", get: (p) => p.vendor },
  gift_card: { type: "boolean", get: (p) => p.isGiftCard },
  sku: { type: "string", get: (p) => p.variants.map((v) => v.sku ?? "").filter(Boolean) },
  created_at: { type: "time", get: (p) => p.createdAt },
  updated_at: { type: "time", get: (p) => p.updatedAt },
};

interface VariantRef {
  product: StandinProduct;
  variant: StandinVariant;
}

const variantSearchFields: FieldTable<VariantRef> = {
  id: { type: "number", get: (r) => numericTail(r.variant.id) },
  product_id: { type: "number", get: (r) => numericTail(r.product.id) },
  sku: { type: "string", get: (r) => r.variant.sku },
  title: { type: "string", get: (r) => r.variant.title },
  created_at: { type: "time", get: (r) => r.variant.createdAt },
  updated_at: { type: "time", get: (r) => r.variant.updatedAt },
};

const bulkSearchFields: FieldTable<BulkOperationRecord> = {
  status: { type: "string", get: (b) => b.status },
  operation_type: { type: "string", get: (b) => b.type },
  created_at: { type: "time", get: (b) => b.createdAt },
  id: { type: "number", get: (b) => numericTail(b.id) },
};

// ---- resolvers ----------------------------------------------------------------------------------

function appOf(o: StandinOrder) {
  const known: Record<string, { id: number; name: string }> = {
    web: { id: 580111, name: "Online Store" },
    pos: { id: 129785, name: "Point of Sale" },
    shopify_draft_order: { id: 1354745, name: "Draft Orders" },
    iphone: { id: 1608003, name: "Shopify Mobile for iPhone" },
    android: { id: 1608003, name: "Shopify Mobile for Android" },
  };
  // Other channels are apps of their own; the attribution names them.
  const app = known[o.sourceName] ?? { id: 1, name: o.attribution.displayName };
  return { id: gid("App", app.id), name: app.name, icon: { id: gid("ImageSource", app.id), url: `https://cdn.shopify.com/app-icons/${app.id}.png`, altText: null } };
}

function shopResolvers(): Record<string, Resolver<StandinShop>> {
  return {
    id: (_s, _a, ctx) => ctx.store.shopId,
    myshopifyDomain: (s) => s.domain,
    contactEmail: (s) => s.email,
    url: (s) => `https://${s.domain}`,
    primaryDomain: (s) => ({ id: gid("Domain", 1), host: s.domain, url: `https://${s.domain}`, sslEnabled: true }),
    plan: (s) => ({ displayName: s.plan.displayName, publicDisplayName: s.plan.displayName, shopifyPlus: s.plan.shopifyPlus, partnerDevelopment: false }),
    timezoneOffsetMinutes: (s) => offsetMinutes(s.ianaTimezone, Date.now()),
    timezoneOffset: (s) => {
      const m = offsetMinutes(s.ianaTimezone, Date.now());
      const abs = Math.abs(m);
      return `${m < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
    },
    timezoneAbbreviation: (s) =>
      new Intl.DateTimeFormat("en-US", { timeZone: s.ianaTimezone, timeZoneName: "short" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")?.value ?? "UTC",
    taxesIncluded: () => false,
    taxShipping: () => false,
    orderNumberFormatPrefix: () => "#",
    orderNumberFormatSuffix: () => "",
    setupRequired: () => false,
    checkoutApiSupported: () => true,
    description: () => null,
    weightUnit: () => "KILOGRAMS",
    unitSystem: () => "METRIC_SYSTEM",
    // The dataset has no shop creation date: the shop is as old as the oldest thing in it.
    createdAt: (_s, _a, ctx) => shopCreatedAt(ctx),
    updatedAt: (_s, _a, ctx) => shopCreatedAt(ctx),
  };
}

function shopCreatedAt(ctx: ExecContext): string {
  const d = ctx.store.data;
  let min: string | null = null;
  for (const x of [...d.products, ...d.customers, ...d.orders]) if (min === null || timeValue(x.createdAt) < timeValue(min)) min = x.createdAt;
  return min ?? "2006-01-01T00:00:00Z";
}

function orderResolvers(): Record<string, Resolver<StandinOrder>> {
  const t = (ctx: ExecContext, o: StandinOrder) => ctx.store.orderTotals(o);
  const zero = (o: StandinOrder) => bag({ shop: 0n, shopCurrency: o.currencyCode, presentment: 0n, presentmentCurrency: o.presentmentCurrencyCode });
  return {
    legacyResourceId: (o) => legacyId(o.id),
    number: (o) => {
      const digits = o.name.replace(/\D/g, "");
      return digits ? Number(digits) : numericTail(o.id);
    },
    app: (o) => appOf(o),
    customer: (o, _a, ctx) => (o.customerId ? (ctx.store.customer(o.customerId) ?? { id: o.customerId, createdAt: o.createdAt, updatedAt: o.updatedAt }) : null),
    email: () => null,
    phone: () => null,
    note: () => null,
    poNumber: () => null,
    confirmed: () => true,
    closed: () => false,
    closedAt: () => null,
    edited: () => false,
    taxExempt: () => false,
    estimatedTaxes: () => false,
    dutiesIncluded: () => false,
    customerAcceptsMarketing: () => false,
    capturable: () => false,
    canMarkAsPaid: () => false,
    fullyPaid: () => true,
    unpaid: () => false,
    discountCode: () => null,
    discountCodes: () => [],
    customerJourneySummary: (o) => o.customerJourney ?? null,
    returnStatus: () => "NO_RETURN",
    // The dataset has no fulfilments; an order that went through is treated as shipped.
    displayFulfillmentStatus: (o) => (o.cancelledAt ? "UNFULFILLED" : "FULFILLED"),
    displayFinancialStatus: (o, _a, ctx) => t(ctx, o).financialStatus,
    refundable: (o, _a, ctx) => t(ctx, o).totalRefunded.shop < t(ctx, o).totalPrice.shop,
    restockable: (o, _a, ctx) => o.lineItems.some((li) => li.quantity > (t(ctx, o).refundedQuantity.get(li.id) ?? 0)),
    requiresShipping: (o) => o.lineItems.some((li) => li.requiresShipping),
    subtotalLineItemsQuantity: (o) => o.lineItems.reduce((n, li) => n + li.quantity, 0),
    currentSubtotalLineItemsQuantity: (o, _a, ctx) =>
      o.lineItems.reduce((n, li) => n + Math.max(0, li.quantity - (t(ctx, o).refundedQuantity.get(li.id) ?? 0)), 0),
    subtotalPriceSet: (o, _a, ctx) => bag(t(ctx, o).subtotal),
    totalDiscountsSet: (o, _a, ctx) => bag(t(ctx, o).totalDiscounts),
    totalShippingPriceSet: (o, _a, ctx) => bag(t(ctx, o).shippingOriginal),
    totalTaxSet: (o, _a, ctx) => bag(t(ctx, o).totalTax),
    totalPriceSet: (o, _a, ctx) => bag(t(ctx, o).totalPrice),
    originalTotalDutiesSet: (o, _a, ctx) => { const d = t(ctx, o).duties; return d ? bag(d) : null; },
    currentTotalDutiesSet: (o, _a, ctx) => { const d = t(ctx, o).duties; return d ? bag(subBags(d, t(ctx, o).refundedDuties)) : null; },
    originalTotalPriceSet: (o, _a, ctx) => bag(t(ctx, o).totalPrice),
    currentSubtotalPriceSet: (o, _a, ctx) => bag(t(ctx, o).currentSubtotal),
    currentTotalPriceSet: (o, _a, ctx) => bag(t(ctx, o).currentTotalPrice),
    currentTotalTaxSet: (o, _a, ctx) => bag(t(ctx, o).currentTotalTax),
    currentShippingPriceSet: (o, _a, ctx) => bag(t(ctx, o).currentShipping),
    currentTotalDiscountsSet: (o, _a, ctx) => bag(t(ctx, o).currentTotalDiscounts),
    totalRefundedSet: (o, _a, ctx) => bag(t(ctx, o).totalRefunded),
    totalRefundedShippingSet: (o, _a, ctx) => bag(t(ctx, o).refundedShipping),
    totalReceivedSet: (o, _a, ctx) => bag(t(ctx, o).totalPrice),
    netPaymentSet: (o, _a, ctx) => bag(subBags(t(ctx, o).totalPrice, t(ctx, o).totalRefunded)),
    totalOutstandingSet: (o) => zero(o),
    totalCapturableSet: (o) => zero(o),
    totalTipReceivedSet: (o) => zero(o),
    refundDiscrepancySet: (o) => zero(o),
    cartDiscountAmountSet: () => null,
    currentCartDiscountAmountSet: (o) => zero(o),
    taxLines: (o) => taxLinesOut([...o.lineItems.flatMap((li) => li.taxLines ?? []), ...o.shippingLines.flatMap((s) => s.taxLines ?? [])]),
    lineItems: (o, args, ctx, info) => connection(ctx, info, args, () => byIndex(o.lineItems), null),
    // Removed shipping lines are not modelled, so includeRemovals changes nothing.
    shippingLines: (o, args, ctx, info) => connection(ctx, info, args, () => byIndex(o.shippingLines), null),
    shippingLine: (o) => o.shippingLines[0] ?? null,
    refunds: (o, args) => (typeof args.first === "number" ? o.refunds.slice(0, args.first) : o.refunds),
  };
}

function lineItemResolvers(): Record<string, Resolver<StandinLineItem>> {
  const lt = (ctx: ExecContext, li: StandinLineItem) => ctx.store.lineItemTotals(li);
  const refunded = (ctx: ExecContext, li: StandinLineItem) =>
    ctx.store.orderTotals(ctx.store.orderOfLineItem(li)).refundedQuantity.get(li.id) ?? 0;
  const perUnit = (m: MinorBag, q: number): MinorBag =>
    q === 0 ? m : { ...m, shop: m.shop / BigInt(q), presentment: m.presentment / BigInt(q) };
  return {
    currentQuantity: (li, _a, ctx) => Math.max(0, li.quantity - refunded(ctx, li)),
    refundableQuantity: (li, _a, ctx) => Math.max(0, li.quantity - refunded(ctx, li)),
    nonFulfillableQuantity: (li, _a, ctx) => refunded(ctx, li),
    unfulfilledQuantity: () => 0,
    fulfillableQuantity: () => 0,
    originalTotalSet: (li, _a, ctx) => bag(lt(ctx, li).original),
    totalDiscountSet: (li, _a, ctx) => bag(lt(ctx, li).discounts),
    discountedTotalSet: (li, _a, ctx) => bag(lt(ctx, li).discounted),
    // Shopify documents these unit prices as approximate; integer division of the minor units.
    discountedUnitPriceSet: (li, _a, ctx) => bag(perUnit(lt(ctx, li).discounted, li.quantity)),
    discountedUnitPriceAfterAllDiscountsSet: (li, _a, ctx) => bag(perUnit(lt(ctx, li).discounted, li.quantity)),
    priceAfterAllDiscountsBeforeTaxesSet: (li, _a, ctx) => bag(subBags(lt(ctx, li).discounted, lt(ctx, li).refundedSubtotal)),
    unfulfilledDiscountedTotalSet: (li, _a, ctx) => bag(scaleBag(lt(ctx, li).original, 0)),
    unfulfilledOriginalTotalSet: (li, _a, ctx) => bag(scaleBag(lt(ctx, li).original, 0)),
    product: (li, _a, ctx) => (li.productId ? (ctx.store.product(li.productId) ?? null) : null),
    variant: (li, _a, ctx) => (li.variantId ? (ctx.store.variant(li.variantId)?.variant ?? null) : null),
    variantTitle: (li, _a, ctx) => (li.variantId ? (ctx.store.variant(li.variantId)?.variant.title ?? null) : null),
    taxLines: (li) => taxLinesOut(li.taxLines),
    customAttributes: () => [],
    duties: (li) => li.duties ?? [],
    restockable: (li, _a, ctx) => li.quantity > refunded(ctx, li),
    merchantEditable: () => false,
    image: () => null,
    contract: () => null,
    sellingPlan: () => null,
    staffMember: () => null,
    lineItemGroup: () => null,
  };
}

function shippingLineResolvers(): Record<string, Resolver<StandinShippingLine>> {
  const discounted = (s: StandinShippingLine): MinorBag => {
    const allocations = s.discountAllocations.map((d) => bagToMinor(d.allocatedAmountSet));
    return allocations.reduce(subBags, bagToMinor(s.originalPriceSet));
  };
  return {
    discountedPriceSet: (s) => bag(discounted(s)),
    currentDiscountedPriceSet: (s, _a, ctx) => {
      const o = ctx.store.shippingLine(s.id)!.order;
      const refunded = o.refunds.flatMap((r) => r.refundShippingLines).filter((r) => r.shippingLineId === s.id);
      return bag(refunded.map((r) => bagToMinor(r.subtotalAmountSet)).reduce(subBags, discounted(s)));
    },
    taxLines: (s) => taxLinesOut(s.taxLines),
    isRemoved: () => false,
    custom: () => false,
    carrierIdentifier: () => null,
    deliveryCategory: () => null,
    phone: () => null,
    shippingRateHandle: () => null,
  };
}

function refundResolvers(): Record<string, Resolver<StandinRefund>> {
  return {
    legacyResourceId: (r) => legacyId(r.id),
    order: (r, _a, ctx) => ctx.store.orderOfRefund(r),
    totalRefundedSet: (r, _a, ctx) => {
      const o = ctx.store.orderOfRefund(r);
      return bag(ctx.store.orderTotals(o).refundTotals.get(r.id)!);
    },
    refundLineItems: (r, args, ctx, info) => connection(ctx, info, args, () => byIndex(r.refundLineItems), null),
    refundShippingLines: (r, args, ctx, info) => connection(ctx, info, args, () => byIndex(r.refundShippingLines), null),
    orderAdjustments: (_r, args, ctx, info) => connection(ctx, info, args, () => [], null),
    duties: (r, _a, ctx) => {
      const o = ctx.store.orderOfRefund(r);
      const all = o.lineItems.flatMap((li) => li.duties ?? []);
      return (r.duties ?? []).map((d) => {
        const originalDuty = all.find((x) => x.id === d.dutyId);
        if (!originalDuty) throw new Error(`stand-in: refund ${r.id} refunds unknown duty ${d.dutyId}`);
        return { amountSet: d.amountSet, originalDuty };
      });
    },
    return: () => null,
    staffMember: () => null,
  };
}

function refundLineItemResolvers(): Record<string, Resolver<StandinRefundLineItem>> {
  return {
    lineItem: (r, _a, ctx) => {
      const li = ctx.store.lineItem(r.lineItemId);
      if (!li) throw new Error(`stand-in: refund line ${r.id} points at unknown line item ${r.lineItemId}`);
      return li.lineItem;
    },
    restocked: (r) => r.restockType !== "NO_RESTOCK",
    location: () => null,
  };
}

function refundShippingLineResolvers(): Record<string, Resolver<StandinRefundShippingLine>> {
  return {
    shippingLine: (r, _a, ctx) => {
      const s = ctx.store.shippingLine(r.shippingLineId);
      if (!s) throw new Error(`stand-in: refund shipping line ${r.id} points at unknown shipping line ${r.shippingLineId}`);
      return s.shippingLine;
    },
  };
}

function productResolvers(): Record<string, Resolver<StandinProduct>> {
  return {
    legacyResourceId: (p) => legacyId(p.id),
    variants: (p, args, ctx, info) => connection(ctx, info, args, () => byIndex(p.variants), null),
    variantsCount: (p) => ({ count: p.variants.length, precision: "EXACT" }),
    hasOnlyDefaultVariant: (p) => p.variants.length === 1,
    category: (p) => p.category ?? null,
    status: () => "ACTIVE",
    tags: () => [],
    description: () => "",
    descriptionHtml: () => "",
    publishedAt: (p) => p.createdAt,
    templateSuffix: () => null,
    onlineStoreUrl: () => null,
  };
}

function variantResolvers(): Record<string, Resolver<StandinVariant>> {
  const owner = (ctx: ExecContext, v: StandinVariant) => ctx.store.variant(v.id)!;
  return {
    legacyResourceId: (v) => legacyId(v.id),
    product: (v, _a, ctx) => owner(ctx, v).product,
    price: (v, _a, ctx) => {
      const currency = ctx.store.data.shop.currencyCode;
      return graphqlDecimal(toMinor(v.price, currency), currency);
    },
    displayName: (v, _a, ctx) => `${owner(ctx, v).product.title} - ${v.title}`,
    position: (v, _a, ctx) => owner(ctx, v).product.variants.indexOf(v) + 1,
    inventoryItem: (v) => ({ variantRef: v, id: v.inventoryItemId }),
    taxable: () => true,
    availableForSale: () => true,
    barcode: () => null,
    compareAtPrice: () => null,
    inventoryQuantity: () => null,
  };
}

interface InventoryItemValue {
  variantRef: StandinVariant;
  id: string;
}

function inventoryItemResolvers(): Record<string, Resolver<InventoryItemValue>> {
  return {
    legacyResourceId: (i) => legacyId(i.id),
    sku: (i) => i.variantRef.sku,
    tracked: () => true,
    requiresShipping: () => true,
    createdAt: (i) => i.variantRef.createdAt,
    updatedAt: (i) => i.variantRef.updatedAt,
    variant: (i) => i.variantRef,
    inventoryLevels: (i, args, ctx, info) =>
      connection(ctx, info, args, () => (i.variantRef.inventoryLevels ?? []).map((level, k) => ({ item: { level, item: i }, value: k, id: numericTail(level.locationId) })), null),
    inventoryLevel: (i, args) => {
      const level = (i.variantRef.inventoryLevels ?? []).find((l) => l.locationId === args.locationId);
      return level ? { level, item: i } : null;
    },
    unitCost: (i, _a, ctx) => {
      if (i.variantRef.unitCost === null) return null;
      const currency = ctx.store.data.shop.currencyCode;
      return { amount: i.variantRef.unitCost, currencyCode: currency };
    },
  };
}

function dutyResolvers(): Record<string, Resolver<StandinDuty>> {
  return { price: (d) => d.priceSet, countryCodeOfOrigin: () => null, taxLines: () => [] };
}

function journeyResolvers(): Record<string, Resolver<StandinJourney>> {
  return {
    // Shopify: null while the order is still being attributed.
    momentsCount: (j) => (j.ready ? { count: [j.firstVisit, j.lastVisit].filter(Boolean).length, precision: "EXACT" } : null),
  };
}

function visitResolvers(): Record<string, Resolver<StandinVisit>> {
  return {
    marketingEvent: (v) => (v.marketingEventId ? { id: v.marketingEventId } : null),
    sourceDescription: () => null,
    referralCode: () => null,
    landingPageHtml: () => null,
    referralInfoHtml: () => null,
  };
}

interface InventoryLevelValue {
  level: StandinInventoryLevel;
  item: InventoryItemValue;
}

const QUANTITY_NAMES: Record<string, keyof StandinInventoryLevel> = { available: "available", on_hand: "onHand", committed: "committed", incoming: "incoming" };

function inventoryLevelResolvers(): Record<string, Resolver<InventoryLevelValue>> {
  return {
    // Shopify's form: gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>.
    id: (l) => `gid://shopify/InventoryLevel/${numericTail(l.level.locationId)}?inventory_item_id=${numericTail(l.item.id)}`,
    item: (l) => l.item,
    location: (l, _a, ctx) => {
      const loc = (ctx.store.data.locations ?? []).find((x) => x.id === l.level.locationId);
      if (!loc) throw new Error(`stand-in: inventory level at unknown location ${l.level.locationId}`);
      return loc;
    },
    isActive: () => true,
    canDeactivate: () => false,
    deactivationAlert: () => null,
    createdAt: (l) => l.item.variantRef.createdAt,
    updatedAt: (l) => l.level.updatedAt,
    quantities: (l, args) =>
      (args.names as string[]).map((name) => {
        const key = QUANTITY_NAMES[name];
        if (!key) throw new GraphQLError(`The quantity name '${name}' is not modelled by the Shopify stand-in.`, { extensions: { code: "STANDIN_NOT_IMPLEMENTED" } });
        return { name, quantity: l.level[key], updatedAt: l.level.updatedAt };
      }),
  };
}

function locationResolvers(): Record<string, Resolver<StandinLocation>> {
  return { legacyResourceId: (l) => legacyId(l.id), isActive: (l) => l.isActive };
}

function customerResolvers(): Record<string, Resolver<StandinCustomer>> {
  const orders = (ctx: ExecContext, c: StandinCustomer) => ctx.store.customerOrders(c.id);
  return {
    legacyResourceId: (c) => legacyId(c.id),
    // Protected customer data (names, e-mail, phone) is withheld, as from an app without access.
    firstName: () => null,
    lastName: () => null,
    email: () => null,
    phone: () => null,
    note: () => null,
    defaultEmailAddress: () => null,
    defaultPhoneNumber: () => null,
    defaultAddress: () => null,
    multipassIdentifier: () => null,
    tags: () => [],
    state: () => "ENABLED",
    locale: () => "en",
    taxExempt: () => false,
    verifiedEmail: () => false,
    numberOfOrders: (c, _a, ctx) => String(orders(ctx, c).length),
    amountSpent: (c, _a, ctx) => {
      const currency = ctx.store.data.shop.currencyCode;
      let spent = 0n;
      for (const o of orders(ctx, c)) {
        const tt = ctx.store.orderTotals(o);
        spent += tt.totalPrice.shop - tt.totalRefunded.shop;
      }
      return { amount: graphqlDecimal(spent, currency), currencyCode: currency };
    },
    lastOrder: (c, _a, ctx) => {
      const mine = orders(ctx, c);
      return mine.length ? mine.reduce((a, b) => (timeValue(b.processedAt) > timeValue(a.processedAt) ? b : a)) : null;
    },
  };
}

function moneyV2Resolvers(): Record<string, Resolver<MoneyV2>> {
  // Dataset decimals may be written "12.30"; Shopify's Decimal says "12.3".
  return { amount: (m) => normaliseDecimal(m.amount, m.currencyCode) };
}

function discountAllocationResolvers(): Record<string, Resolver<{ allocatedAmountSet: MoneyBag }>> {
  return { allocatedAmount: (d) => d.allocatedAmountSet.shopMoney };
}

function queryRootResolvers(): Record<string, Resolver<unknown>> {
  return {
    shop: (_s, _a, ctx) => ctx.store.data.shop,
    order: (_s, args, ctx) => {
      const o = ctx.store.order(requireGid(args.id));
      return o && orderVisible(ctx, o) ? o : null;
    },
    product: (_s, args, ctx) => ctx.store.product(requireGid(args.id)) ?? null,
    productVariant: (_s, args, ctx) => ctx.store.variant(requireGid(args.id))?.variant ?? null,
    customer: (_s, args, ctx) => ctx.store.customer(requireGid(args.id)) ?? null,
    node: (_s, args, ctx) => nodeById(ctx, requireGid(args.id), "node"),
    nodes: (_s, args, ctx) => {
      const ids = args.ids as string[];
      if (ids.length > 250) {
        throw new GraphQLError(`The input array size of ${ids.length} is greater than the maximum allowed of 250.`, {
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        });
      }
      return ids.map((id) => nodeById(ctx, requireGid(id), "nodes"));
    },
    orders: (_s, args, ctx, info) => {
      const match = searched(ctx, info, args.query, orderSearchFields(ctx.store), (o, v) => {
        const needle = v.toLowerCase().replace(/^#/, "");
        return o.name.toLowerCase().replace(/^#/, "") === needle || o.lineItems.some((li) => li.sku?.toLowerCase() === needle);
      });
      const visible = (o: StandinOrder) => orderVisible(ctx, o) && (match === null || match(o));
      return connection(ctx, info, args, () => ctx.store.sortedOrders(String(args.sortKey ?? "PROCESSED_AT")), visible);
    },
    products: (_s, args, ctx, info) => {
      const match = searched(ctx, info, args.query, productSearchFields, (p, v) => p.title.toLowerCase().includes(v.toLowerCase()));
      return connection(ctx, info, args, () => sortedProducts(ctx, String(args.sortKey ?? "ID")), match);
    },
    inventoryItems: (_s, args, ctx, info) => {
      const entries = () =>
        ctx.store.data.products
          .flatMap((p) => p.variants)
          .map((v) => ({ item: { variantRef: v, id: v.inventoryItemId } as InventoryItemValue, value: numericTail(v.inventoryItemId), id: numericTail(v.inventoryItemId) }))
          .sort(compareEntries);
      return connection(ctx, info, args, entries, null);
    },
    locations: (_s, args, ctx, info) =>
      connection(ctx, info, args, () => (ctx.store.data.locations ?? []).map((l) => ({ item: l, value: numericTail(l.id), id: numericTail(l.id) })).sort(compareEntries), (l) => l.isActive || Boolean(args.includeInactive)),
    productVariants: (_s, args, ctx, info) => {
      const match = searched(ctx, info, args.query, variantSearchFields);
      const entries = (): SortEntry<VariantRef>[] => {
        const list = ctx.store.data.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
        return list.map((r) => ({ item: r, value: numericTail(r.variant.id), id: numericTail(r.variant.id) })).sort(compareEntries);
      };
      const conn = connection(ctx, info, args, entries, match);
      return { ...conn, nodes: conn.nodes.map((r) => r.variant), edges: conn.edges.map((e) => ({ cursor: e.cursor, node: e.node.variant })) };
    },
    customers: (_s, args, ctx, info) => {
      const entries = () => ctx.store.data.customers.map((c) => ({ item: c, value: numericTail(c.id), id: numericTail(c.id) })).sort(compareEntries);
      const fields: FieldTable<StandinCustomer> = {
        id: { type: "number", get: (c) => numericTail(c.id) },
        created_at: { type: "time", get: (c) => c.createdAt },
        updated_at: { type: "time", get: (c) => c.updatedAt },
      };
      return connection(ctx, info, args, entries, searched(ctx, info, args.query, fields));
    },
    bulkOperation: (_s, args, ctx) => {
      const id = requireGid(args.id);
      if (parseGid(id)?.type !== "BulkOperation") {
        throw new GraphQLError(`Invalid id: ${id}`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
      }
      return ctx.bulkOps.get(id) ?? null;
    },
    currentBulkOperation: (_s, args, ctx) => {
      const type = String(args.type ?? "QUERY");
      const mine = ctx.bulkOps.all().filter((b) => b.type === type);
      return mine.length ? mine[mine.length - 1] : null;
    },
    bulkOperations: (_s, args, ctx, info) => {
      const match = searched(ctx, info, args.query, bulkSearchFields);
      // Newest first unless reversed, as Shopify lists them.
      const entries = () =>
        ctx.bulkOps
          .all()
          .map((b) => ({ item: b, value: -timeValue(b.createdAt), id: -numericTail(b.id) }))
          .sort(compareEntries);
      return connection(ctx, info, args, entries, match);
    },
  };
}

function sortedProducts(ctx: ExecContext, key: string): SortEntry<StandinProduct>[] {
  const base = ctx.store.sortedProductEntries();
  const value = (p: StandinProduct): number | string => {
    switch (key) {
      case "TITLE":
        return p.title.toLowerCase();
      case "CREATED_AT":
        return timeValue(p.createdAt);
      case "UPDATED_AT":
        return timeValue(p.updatedAt);
      case "PRODUCT_TYPE":
        return p.productType.toLowerCase();
      case "VENDOR":
        return p.vendor.toLowerCase();
      default:
        return numericTail(p.id);
    }
  };
  if (key === "ID" || !key) return base;
  return base.map((e) => ({ ...e, value: value(e.item) })).sort(compareEntries);
}

function nodeById(ctx: ExecContext, id: string, field: string): unknown {
  if (parseGid(id)?.type === "BulkOperation") return ctx.bulkOps.get(id) ?? null;
  const found = ctx.store.node(id);
  if (!found) return null;
  const rule = typeAccess(found.type);
  if (rule && !grants(ctx.scopes, rule)) throw accessDenied(field, rule);
  const owner =
    found.type === "Order" ? (found.value as StandinOrder) : found.type === "LineItem" ? ctx.store.lineItem(id)?.order : found.type === "Refund" ? ctx.store.refund(id)?.order : undefined;
  return owner && !orderVisible(ctx, owner) ? null : found.value;
}

function mutationResolvers(): Record<string, Resolver<unknown>> {
  return {
    bulkOperationRunQuery: (_s, args, ctx) => ctx.bulkOps.runQuery(String(args.query), Boolean(args.groupObjects), ctx.scopes),
    bulkOperationCancel: (_s, args, ctx) => ctx.bulkOps.cancel(requireGid(args.id)),
  };
}

const RESOLVERS: Record<string, TypeResolvers> = {
  QueryRoot: queryRootResolvers(),
  Mutation: mutationResolvers(),
  Shop: shopResolvers(),
  Order: orderResolvers(),
  LineItem: lineItemResolvers(),
  ShippingLine: shippingLineResolvers(),
  Refund: refundResolvers(),
  RefundLineItem: refundLineItemResolvers(),
  RefundShippingLine: refundShippingLineResolvers(),
  Product: productResolvers(),
  ProductVariant: variantResolvers(),
  InventoryItem: inventoryItemResolvers(),
  Customer: customerResolvers(),
  CustomerJourneySummary: journeyResolvers(),
  Duty: dutyResolvers(),
  CustomerVisit: visitResolvers(),
  InventoryLevel: inventoryLevelResolvers(),
  Location: locationResolvers(),
  MoneyV2: moneyV2Resolvers(),
  DiscountAllocation: discountAllocationResolvers(),
} as unknown as Record<string, TypeResolvers>;

// Shopify's access rules per field: the field's own, else the type it returns (a connection's node
// type for connections). Computed once per field.
const accessRules = new Map<unknown, Map<string, AccessRule | null>>();

function accessRule(info: GraphQLResolveInfo): AccessRule | null {
  // Keyed by the type object, then the field name: this runs for every field of every object.
  let byField = accessRules.get(info.parentType);
  if (!byField) {
    byField = new Map();
    accessRules.set(info.parentType, byField);
  }
  let rule = byField.get(info.fieldName);
  if (rule === undefined) {
    const named = getNamedType(info.returnType);
    const target = isConnectionType(named) ? connectionNodeType(named) : named;
    rule = fieldAccess(info.parentType.name, info.fieldName) ?? (isObjectType(target) ? typeAccess(target.name) : undefined) ?? null;
    byField.set(info.fieldName, rule);
  }
  return rule;
}

export const fieldResolver: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
  const rule = accessRule(info);
  if (rule && !grants(ctx.scopes, rule)) throw accessDenied(info.fieldName, rule);
  const own = RESOLVERS[info.parentType.name]?.[info.fieldName] as Resolver<unknown> | undefined;
  if (own) return own(source, args, ctx, info);
  if (source !== null && typeof source === "object" && info.fieldName in source) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    if (value !== undefined) return value;
  }
  throw notImplemented(info);
};

/** Abstract types (Node and friends) resolve by the type named in the object's global id. */
export const typeResolver: GraphQLTypeResolver<unknown, ExecContext> = (value) => {
  if (value !== null && typeof value === "object") {
    const v = value as { __typename?: unknown; id?: unknown };
    if (typeof v.__typename === "string") return v.__typename;
    if (typeof v.id === "string") return parseGid(v.id)?.type;
  }
  return undefined;
};
