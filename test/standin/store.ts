// One shop's truth, indexed for the resolvers, with order totals derived the way Shopify derives
// them. The dataset objects are kept as they are (the loader and the tests hold references to
// them); everything computed is cached per order and dropped when that order changes.

import type {
  Dataset,
  StandinCustomer,
  StandinLineItem,
  StandinOrder,
  StandinProduct,
  StandinRefund,
  StandinRefundLineItem,
  StandinRefundShippingLine,
  StandinShippingLine,
  StandinVariant,
} from "./dataset";
import { gid, numericTail, parseGid, stableNumericId } from "./ids";
import { addBags, bagToMinor, scaleBag, subBags, sumBags, zeroBag, type MinorBag } from "./money";

export interface OrderTotals {
  lineOriginal: MinorBag; // Σ unit price × quantity
  lineDiscounts: MinorBag;
  subtotal: MinorBag; // after discounts, before returns
  shippingOriginal: MinorBag;
  shippingDiscounts: MinorBag;
  totalDiscounts: MinorBag;
  lineTax: MinorBag;
  shippingTax: MinorBag;
  totalTax: MinorBag;
  totalPrice: MinorBag;
  duties: MinorBag | null; // Σ line duties; null when no line carries duties (Shopify: not applicable)
  refundedDuties: MinorBag;
  refundedSubtotal: MinorBag; // Σ refund line subtotals
  refundedLineTax: MinorBag;
  refundedShipping: MinorBag;
  refundedShippingTax: MinorBag;
  refundedDiscounts: MinorBag; // discount share of the refunded units
  totalRefunded: MinorBag;
  currentSubtotal: MinorBag;
  currentShipping: MinorBag;
  currentTotalTax: MinorBag;
  currentTotalDiscounts: MinorBag;
  currentTotalPrice: MinorBag;
  refundedQuantity: Map<string, number>; // line item id -> units refunded
  refundTotals: Map<string, MinorBag>; // refund id -> its total
  financialStatus: "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED";
}

export interface LineItemTotals {
  original: MinorBag;
  discounts: MinorBag;
  discounted: MinorBag;
  tax: MinorBag;
  refundedQuantity: number;
  refundedSubtotal: MinorBag;
}

export type OrderSortKey =
  | "ID"
  | "CREATED_AT"
  | "UPDATED_AT"
  | "PROCESSED_AT"
  | "ORDER_NUMBER"
  | "TOTAL_PRICE"
  | "CURRENT_TOTAL_PRICE"
  | "TOTAL_ITEMS_QUANTITY";

export interface SortEntry<T> {
  item: T;
  value: number | string;
  id: number;
}

export function compareEntries(a: { value: number | string; id: number }, b: { value: number | string; id: number }): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.id - b.id;
}

export function timeValue(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`stand-in: not a timestamp: ${JSON.stringify(iso)}`);
  return t;
}

function orderNumber(o: StandinOrder): number {
  const digits = o.name.replace(/\D/g, "");
  return digits ? Number(digits) : numericTail(o.id);
}

export class ShopStore {
  readonly data: Dataset;
  readonly shopId: string;
  private ordersById = new Map<string, StandinOrder>();
  private lineItems = new Map<string, { order: StandinOrder; lineItem: StandinLineItem }>();
  private shippingLines = new Map<string, { order: StandinOrder; shippingLine: StandinShippingLine }>();
  private refunds = new Map<string, { order: StandinOrder; refund: StandinRefund }>();
  private products = new Map<string, StandinProduct>();
  private variants = new Map<string, { product: StandinProduct; variant: StandinVariant }>();
  private customers = new Map<string, StandinCustomer>();
  // What each order put into the child indexes, so a change can take exactly that back out.
  private indexed = new WeakMap<StandinOrder, { lineItems: string[]; shippingLines: string[]; refunds: string[] }>();
  private totals = new WeakMap<StandinOrder, OrderTotals>();
  // Line item -> order by identity: looked up for every line of a bulk export.
  private lineOwner = new WeakMap<StandinLineItem, StandinOrder>();
  private sorted = new Map<string, SortEntry<StandinOrder>[]>();
  private sortedProducts: SortEntry<StandinProduct>[] | null = null;
  // Customer id -> non-test orders, for Customer.numberOfOrders (asked once per order in a bulk export).
  private ordersOfCustomer: Map<string, StandinOrder[]> | null = null;

  constructor(data: Dataset) {
    this.data = data;
    this.shopId = data.shop.id ?? gid("Shop", stableNumericId(data.shop.domain));
    for (const p of data.products) this.indexProduct(p);
    for (const c of data.customers) this.customers.set(c.id, c);
    for (const o of data.orders) this.indexOrder(o);
  }

  get domain(): string {
    return this.data.shop.domain;
  }

  private indexProduct(p: StandinProduct): void {
    this.products.set(p.id, p);
    for (const v of p.variants) this.variants.set(v.id, { product: p, variant: v });
  }

  private indexOrder(o: StandinOrder): void {
    if (this.ordersById.has(o.id) && this.ordersById.get(o.id) !== o) {
      throw new Error(`stand-in: duplicate order id ${o.id}`);
    }
    this.ordersById.set(o.id, o);
    for (const li of o.lineItems) {
      this.lineItems.set(li.id, { order: o, lineItem: li });
      this.lineOwner.set(li, o);
    }
    for (const sl of o.shippingLines) this.shippingLines.set(sl.id, { order: o, shippingLine: sl });
    for (const r of o.refunds) this.refunds.set(r.id, { order: o, refund: r });
    this.indexed.set(o, {
      lineItems: o.lineItems.map((x) => x.id),
      shippingLines: o.shippingLines.map((x) => x.id),
      refunds: o.refunds.map((x) => x.id),
    });
  }

  private unindexOrder(o: StandinOrder): void {
    const ids = this.indexed.get(o);
    if (!ids) return;
    for (const id of ids.lineItems) if (this.lineItems.get(id)?.order === o) this.lineItems.delete(id);
    for (const id of ids.shippingLines) if (this.shippingLines.get(id)?.order === o) this.shippingLines.delete(id);
    for (const id of ids.refunds) if (this.refunds.get(id)?.order === o) this.refunds.delete(id);
  }

  /** After a mutation: re-index the order and forget everything derived from it. */
  orderChanged(o: StandinOrder): void {
    this.unindexOrder(o);
    this.indexOrder(o);
    this.totals.delete(o);
    this.sorted.clear();
    this.ordersOfCustomer = null;
  }

  /** The customer's orders, test orders excluded (Shopify's lifetime count leaves them out). */
  customerOrders(customerId: string): StandinOrder[] {
    if (!this.ordersOfCustomer) {
      const m = new Map<string, StandinOrder[]>();
      for (const o of this.data.orders) {
        if (!o.customerId || o.test) continue;
        const list = m.get(o.customerId);
        if (list) list.push(o);
        else m.set(o.customerId, [o]);
      }
      this.ordersOfCustomer = m;
    }
    return this.ordersOfCustomer.get(customerId) ?? [];
  }

  addOrder(o: StandinOrder): void {
    if (this.ordersById.has(o.id)) throw new Error(`stand-in: order ${o.id} already exists`);
    this.data.orders.push(o);
    this.indexOrder(o);
    this.sorted.clear();
    this.ordersOfCustomer = null;
  }

  order(id: string): StandinOrder | undefined {
    return this.ordersById.get(id);
  }
  lineItem(id: string) {
    return this.lineItems.get(id);
  }
  shippingLine(id: string) {
    return this.shippingLines.get(id);
  }
  refund(id: string) {
    return this.refunds.get(id);
  }
  product(id: string): StandinProduct | undefined {
    return this.products.get(id);
  }
  variant(id: string) {
    return this.variants.get(id);
  }
  customer(id: string): StandinCustomer | undefined {
    return this.customers.get(id);
  }

  /** Resolve any global id the stand-in serves to its object and GraphQL type name. */
  node(id: string): { type: string; value: unknown } | null {
    const parsed = parseGid(id);
    if (!parsed) return null;
    switch (parsed.type) {
      case "Order": {
        const v = this.order(id);
        return v ? { type: "Order", value: v } : null;
      }
      case "LineItem": {
        const v = this.lineItem(id);
        return v ? { type: "LineItem", value: v.lineItem } : null;
      }
      case "Refund": {
        const v = this.refund(id);
        return v ? { type: "Refund", value: v.refund } : null;
      }
      case "Product": {
        const v = this.product(id);
        return v ? { type: "Product", value: v } : null;
      }
      case "ProductVariant": {
        const v = this.variant(id);
        return v ? { type: "ProductVariant", value: v.variant } : null;
      }
      case "Customer": {
        const v = this.customer(id);
        return v ? { type: "Customer", value: v } : null;
      }
      case "Shop":
        return id === this.shopId ? { type: "Shop", value: this.data.shop } : null;
      default:
        return null;
    }
  }

  orderTotals(o: StandinOrder): OrderTotals {
    let t = this.totals.get(o);
    if (!t) {
      t = computeTotals(o);
      this.totals.set(o, t);
    }
    return t;
  }

  lineItemTotals(li: StandinLineItem): LineItemTotals {
    const owner = this.lineItems.get(li.id);
    if (!owner) throw new Error(`stand-in: line item ${li.id} is not in any order`);
    const o = owner.order;
    const cur = [o.currencyCode, o.presentmentCurrencyCode] as const;
    const unit = bagToMinor(li.originalUnitPriceSet);
    const original = scaleBag(unit, li.quantity);
    const discounts = sumBags(li.discountAllocations.map((d) => bagToMinor(d.allocatedAmountSet)), ...cur);
    const tax = sumBags((li.taxLines ?? []).map((t) => bagToMinor(t.priceSet)), ...cur);
    const refundLines = o.refunds.flatMap((r) => r.refundLineItems).filter((rli) => rli.lineItemId === li.id);
    return {
      original,
      discounts,
      discounted: subBags(original, discounts),
      tax,
      refundedQuantity: refundLines.reduce((n, rli) => n + rli.quantity, 0),
      refundedSubtotal: sumBags(refundLines.map((rli) => bagToMinor(rli.subtotalSet)), ...cur),
    };
  }

  orderOfLineItem(li: StandinLineItem): StandinOrder {
    const owner = this.lineOwner.get(li) ?? this.lineItems.get(li.id)?.order;
    if (!owner) throw new Error(`stand-in: line item ${li.id} is not in any order`);
    return owner;
  }

  orderOfRefund(r: StandinRefund): StandinOrder {
    const owner = this.refunds.get(r.id);
    if (!owner) throw new Error(`stand-in: refund ${r.id} is not in any order`);
    return owner.order;
  }

  /** Orders sorted ascending by a sort key, ties broken by id, as Shopify paginates them. */
  sortedOrders(key: string): SortEntry<StandinOrder>[] {
    const k = normaliseOrderSortKey(key);
    let s = this.sorted.get(k);
    if (!s) {
      s = this.data.orders.map((o) => ({ item: o, value: this.orderSortValue(o, k), id: numericTail(o.id) }));
      s.sort(compareEntries);
      this.sorted.set(k, s);
    }
    return s;
  }

  private orderSortValue(o: StandinOrder, k: OrderSortKey): number | string {
    switch (k) {
      case "ID":
        return numericTail(o.id);
      case "CREATED_AT":
        return timeValue(o.createdAt);
      case "UPDATED_AT":
        return timeValue(o.updatedAt);
      case "PROCESSED_AT":
        return timeValue(o.processedAt);
      case "ORDER_NUMBER":
        return orderNumber(o);
      case "TOTAL_PRICE":
        return Number(this.orderTotals(o).totalPrice.shop);
      case "CURRENT_TOTAL_PRICE":
        return Number(this.orderTotals(o).currentTotalPrice.shop);
      case "TOTAL_ITEMS_QUANTITY":
        return o.lineItems.reduce((n, li) => n + li.quantity, 0);
    }
  }

  sortedProductEntries(): SortEntry<StandinProduct>[] {
    if (!this.sortedProducts) {
      this.sortedProducts = this.data.products.map((p) => ({ item: p, value: numericTail(p.id), id: numericTail(p.id) }));
      this.sortedProducts.sort(compareEntries);
    }
    return this.sortedProducts;
  }
}

/**
 * Sort keys the stand-in orders by. The rest of OrderSortKeys (CUSTOMER_NAME, DESTINATION, ...)
 * depend on data the dataset does not carry; they fall back to ID rather than pretend.
 */
export function normaliseOrderSortKey(key: string): OrderSortKey {
  switch (key) {
    case "CREATED_AT":
    case "UPDATED_AT":
    case "PROCESSED_AT":
    case "ORDER_NUMBER":
    case "TOTAL_PRICE":
    case "CURRENT_TOTAL_PRICE":
    case "TOTAL_ITEMS_QUANTITY":
      return key;
    default:
      return "ID";
  }
}

function computeTotals(o: StandinOrder): OrderTotals {
  const cur = [o.currencyCode, o.presentmentCurrencyCode] as const;
  const sum = (bags: MinorBag[]) => sumBags(bags, ...cur);
  const lineOriginal = sum(o.lineItems.map((li) => scaleBag(bagToMinor(li.originalUnitPriceSet), li.quantity)));
  const lineDiscounts = sum(o.lineItems.flatMap((li) => li.discountAllocations.map((d) => bagToMinor(d.allocatedAmountSet))));
  const shippingOriginal = sum(o.shippingLines.map((s) => bagToMinor(s.originalPriceSet)));
  const shippingDiscounts = sum(o.shippingLines.flatMap((s) => s.discountAllocations.map((d) => bagToMinor(d.allocatedAmountSet))));
  const lineTax = sum(o.lineItems.flatMap((li) => (li.taxLines ?? []).map((t) => bagToMinor(t.priceSet))));
  const shippingTax = sum(o.shippingLines.flatMap((s) => (s.taxLines ?? []).map((t) => bagToMinor(t.priceSet))));
  const subtotal = subBags(lineOriginal, lineDiscounts);
  const totalTax = addBags(lineTax, shippingTax);
  const totalDiscounts = addBags(lineDiscounts, shippingDiscounts);
  const dutyLines = o.lineItems.flatMap((li) => li.duties ?? []);
  const duties = dutyLines.length > 0 ? sum(dutyLines.map((d) => bagToMinor(d.priceSet))) : null;
  // Tax-inclusive prices already contain the tax; only exclusive tax is added on top. Duties are
  // charged on top of everything.
  const totalPrice = [subBags(shippingOriginal, shippingDiscounts), o.taxesIncluded ? zeroBag(...cur) : totalTax, duties ?? zeroBag(...cur)].reduce(addBags, subtotal);

  const refundLines: StandinRefundLineItem[] = o.refunds.flatMap((r) => r.refundLineItems);
  const refundShipping: StandinRefundShippingLine[] = o.refunds.flatMap((r) => r.refundShippingLines);
  const refundedSubtotal = sum(refundLines.map((r) => bagToMinor(r.subtotalSet)));
  const refundedLineTax = sum(refundLines.map((r) => bagToMinor(r.totalTaxSet)));
  const refundedShipping = sum(refundShipping.map((r) => bagToMinor(r.subtotalAmountSet)));
  const refundedShippingTax = sum(refundShipping.map((r) => bagToMinor(r.taxAmountSet)));
  const refundedDuties = sum(o.refunds.flatMap((r) => (r.duties ?? []).map((d) => bagToMinor(d.amountSet))));
  // The refunded units' share of discounts: what they were listed at minus what was refunded.
  const refundedDiscounts = sum(refundLines.map((r) => subBags(scaleBag(bagToMinor(r.priceSet), r.quantity), bagToMinor(r.subtotalSet))));
  const refundTotals = new Map<string, MinorBag>();
  for (const r of o.refunds) refundTotals.set(r.id, refundTotal(r, cur[0], cur[1]));
  const totalRefunded = sum([...refundTotals.values()]);
  const refundedQuantity = new Map<string, number>();
  for (const r of refundLines) refundedQuantity.set(r.lineItemId, (refundedQuantity.get(r.lineItemId) ?? 0) + r.quantity);

  const currentSubtotal = subBags(subtotal, refundedSubtotal);
  const currentShipping = subBags(subBags(shippingOriginal, shippingDiscounts), refundedShipping);
  const currentTotalTax = subBags(totalTax, addBags(refundedLineTax, refundedShippingTax));
  const currentTotalPrice = [currentShipping, o.taxesIncluded ? zeroBag(...cur) : currentTotalTax, duties ? subBags(duties, refundedDuties) : zeroBag(...cur)].reduce(addBags, currentSubtotal);

  let financialStatus: OrderTotals["financialStatus"] = "PAID";
  if (totalRefunded.shop > 0n) financialStatus = totalRefunded.shop >= totalPrice.shop ? "REFUNDED" : "PARTIALLY_REFUNDED";

  return {
    lineOriginal,
    lineDiscounts,
    subtotal,
    shippingOriginal,
    shippingDiscounts,
    totalDiscounts,
    lineTax,
    shippingTax,
    totalTax,
    totalPrice,
    duties,
    refundedDuties,
    refundedSubtotal,
    refundedLineTax,
    refundedShipping,
    refundedShippingTax,
    refundedDiscounts,
    totalRefunded,
    currentSubtotal,
    currentShipping,
    currentTotalTax,
    currentTotalDiscounts: subBags(totalDiscounts, refundedDiscounts),
    currentTotalPrice,
    refundedQuantity,
    refundTotals,
    financialStatus,
  };
}

/** What a refund paid back: refunded line subtotals and their tax, plus refunded shipping and its tax. */
export function refundTotal(r: StandinRefund, shopCurrency: string, presentmentCurrency: string): MinorBag {
  const parts: MinorBag[] = [];
  for (const rli of r.refundLineItems) parts.push(bagToMinor(rli.subtotalSet), bagToMinor(rli.totalTaxSet));
  for (const rsl of r.refundShippingLines) parts.push(bagToMinor(rsl.subtotalAmountSet), bagToMinor(rsl.taxAmountSet));
  for (const d of r.duties ?? []) parts.push(bagToMinor(d.amountSet));
  return sumBags(parts, shopCurrency, presentmentCurrency);
}
