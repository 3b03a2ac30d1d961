// The stand-in's data model: what one shop "is" at Shopify. Field names and shapes follow the
// Admin GraphQL 2026-10 objects (Order, LineItem, Refund, ...) so resolvers can read them directly;
// derived fields (order totals, current quantities, connections) are computed by the stand-in
// from these facts, the way Shopify derives them.
//
// Money: decimal strings in the shop currency (`amount`) and, where the customer paid in another
// currency, the presentment amount. Times: ISO 8601 UTC strings ("2011-11-03T09:12:00Z").

export interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

export interface MoneyBag {
  shopMoney: MoneyV2;
  presentmentMoney: MoneyV2;
}

export interface StandinShop {
  domain: string; // "online-retail-demo.myshopify.com"
  id?: string; // gid://shopify/Shop/N; derived from the domain when absent
  name: string;
  email: string;
  currencyCode: string; // "GBP"
  ianaTimezone: string; // "Europe/London"
  plan: { displayName: string; shopifyPlus: boolean };
  enabledPresentmentCurrencies: string[];
}

export interface StandinVariant {
  id: string; // gid://shopify/ProductVariant/N
  title: string;
  sku: string | null;
  price: string; // decimal, shop currency
  inventoryItemId: string; // gid://shopify/InventoryItem/N
  unitCost: string | null; // InventoryItem.unitCost amount, shop currency
  createdAt: string;
  updatedAt: string;
  /** InventoryItem.inventoryLevels: stock of the item per location (absent: none). */
  inventoryLevels?: StandinInventoryLevel[];
}

export interface StandinLocation {
  id: string; // gid://shopify/Location/N
  name: string;
  isActive: boolean;
}

/** Quantities by Shopify's names: available, on_hand, committed, incoming. */
export interface StandinInventoryLevel {
  locationId: string;
  available: number;
  onHand: number;
  committed: number;
  incoming: number;
  updatedAt: string;
}

export interface StandinProduct {
  id: string; // gid://shopify/Product/N
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  isGiftCard: boolean;
  /** Product.category (standard product taxonomy); absent or null: uncategorised. */
  category?: { id: string; name: string; fullName: string } | null;
  createdAt: string;
  updatedAt: string;
  variants: StandinVariant[];
}

export interface StandinCustomer {
  id: string; // gid://shopify/Customer/N
  createdAt: string;
  updatedAt: string;
}

export interface StandinDiscountAllocation {
  allocatedAmountSet: MoneyBag;
}

/** Optional: the demo data has no tax, but the stand-in derives tax totals when lines carry it. */
export interface StandinTaxLine {
  title: string;
  rate: number; // 0.2 for 20 %
  priceSet: MoneyBag;
}

export interface StandinLineItem {
  id: string; // gid://shopify/LineItem/N
  title: string; // product title at order time
  name: string;
  sku: string | null;
  vendor: string | null;
  productId: string | null;
  variantId: string | null;
  quantity: number; // units ordered (includes later refunded/removed units, as Shopify's field)
  originalUnitPriceSet: MoneyBag;
  discountAllocations: StandinDiscountAllocation[];
  isGiftCard: boolean;
  requiresShipping: boolean;
  taxable: boolean;
  taxLines?: StandinTaxLine[];
  /** Import duties charged on the line (cross-border orders with duties collected at checkout). */
  duties?: StandinDuty[];
}

export interface StandinDuty {
  id: string; // gid://shopify/Duty/N
  harmonizedSystemCode: string | null;
  priceSet: MoneyBag;
}

export interface StandinShippingLine {
  id: string; // gid://shopify/ShippingLine/N
  title: string;
  code: string | null;
  source: string | null;
  originalPriceSet: MoneyBag;
  discountAllocations: StandinDiscountAllocation[];
  taxLines?: StandinTaxLine[];
}

export interface StandinRefundLineItem {
  id: string; // gid://shopify/RefundLineItem/N
  lineItemId: string;
  quantity: number;
  restockType: "RETURN" | "CANCEL" | "NO_RESTOCK" | "LEGACY_RESTOCK";
  priceSet: MoneyBag; // unit price
  subtotalSet: MoneyBag; // value of the refunded units after discounts, before tax
  totalTaxSet: MoneyBag;
}

export interface StandinRefundShippingLine {
  id: string;
  shippingLineId: string;
  subtotalAmountSet: MoneyBag;
  taxAmountSet: MoneyBag;
}

export interface StandinRefund {
  id: string; // gid://shopify/Refund/N
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  note: string | null;
  refundLineItems: StandinRefundLineItem[];
  refundShippingLines: StandinRefundShippingLine[];
  /** Duties paid back (Refund.duties); part of the refund's total. */
  duties?: Array<{ dutyId: string; amountSet: MoneyBag }>;
}

/** A session before an order (Order.customerJourneySummary.firstVisit / lastVisit). */
export interface StandinVisit {
  id: string; // gid://shopify/CustomerVisit/N
  occurredAt: string;
  source: string; // "google", "facebook", "direct", "email", ...
  sourceType: string | null; // MarketingTactic: "AD", "SEARCH", "NEWSLETTER", ...
  referrerUrl: string | null;
  landingPage: string | null;
  utmParameters: { source: string | null; medium: string | null; campaign: string | null; content: string | null; term: string | null } | null;
  marketingEventId: string | null; // gid://shopify/MarketingEvent/N
}

/** Order.customerJourneySummary; ready: false while Shopify is still attributing the order. */
export interface StandinJourney {
  ready: boolean;
  customerOrderIndex: number | null;
  daysToConversion: number | null;
  firstVisit: StandinVisit | null;
  lastVisit: StandinVisit | null;
}

export interface StandinOrder {
  id: string; // gid://shopify/Order/N
  name: string; // "#536365"
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  test: boolean;
  currencyCode: string; // shop currency
  presentmentCurrencyCode: string;
  taxesIncluded: boolean;
  customerId: string | null; // null = guest checkout
  sourceName: string; // "web", "pos", ...
  attribution: { handle: string; displayName: string }; // Order.attribution (2026-10)
  tags: string[];
  /** Absent or null: Shopify has no journey for the order (e.g. POS, draft orders, imports). */
  customerJourney?: StandinJourney | null;
  lineItems: StandinLineItem[];
  shippingLines: StandinShippingLine[];
  refunds: StandinRefund[];
}

export interface Dataset {
  shop: StandinShop;
  /** Locations stock is kept at (absent: none). */
  locations?: StandinLocation[];
  products: StandinProduct[];
  customers: StandinCustomer[];
  orders: StandinOrder[];
}
