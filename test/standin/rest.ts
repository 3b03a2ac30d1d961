// REST-shaped resources, as Shopify puts them in webhook bodies: snake_case, numeric `id` plus
// `admin_graphql_api_id`, money as fixed-decimal strings with `*_set` twins, and timestamps in the
// shop's time zone with its offset ("2011-11-03T09:12:00+00:00"), unlike GraphQL's UTC.

import { createHash } from "node:crypto";
import type { MoneyBag, StandinLineItem, StandinOrder, StandinRefund, StandinShippingLine, StandinTaxLine } from "./dataset";
import { parseGid, restId } from "./ids";
import { bagToMinor, restDecimal, subBags, sumBags, type MinorBag } from "./money";
import type { ShopStore } from "./store";
import { formatLocal, offsetMinutes } from "./tz";

type Rest = Record<string, unknown>;

function restSet(m: MinorBag): Rest {
  return {
    shop_money: { amount: restDecimal(m.shop, m.shopCurrency), currency_code: m.shopCurrency },
    presentment_money: { amount: restDecimal(m.presentment, m.presentmentCurrency), currency_code: m.presentmentCurrency },
  };
}

function restBag(b: MoneyBag): Rest {
  return restSet(bagToMinor(b));
}

function money(m: MinorBag): string {
  return restDecimal(m.shop, m.shopCurrency);
}

function time(store: ShopStore, iso: string | null): string | null {
  return iso === null ? null : formatLocal(Date.parse(iso), store.data.shop.ianaTimezone);
}

function taxLines(lines: StandinTaxLine[] | undefined): Rest[] {
  return (lines ?? []).map((t) => ({
    price: restDecimal(bagToMinor(t.priceSet).shop, t.priceSet.shopMoney.currencyCode),
    price_set: restBag(t.priceSet),
    rate: t.rate,
    title: t.title,
    channel_liable: false,
  }));
}

function discountAllocations(allocs: { allocatedAmountSet: MoneyBag }[]): Rest[] {
  return allocs.map((d) => ({
    amount: restDecimal(bagToMinor(d.allocatedAmountSet).shop, d.allocatedAmountSet.shopMoney.currencyCode),
    amount_set: restBag(d.allocatedAmountSet),
    discount_application_index: 0,
  }));
}

function orderNumber(o: StandinOrder): number {
  const digits = o.name.replace(/\D/g, "");
  return digits ? Number(digits) : Number(restId(o.id)) || 0;
}

export function restLineItem(store: ShopStore, o: StandinOrder, li: StandinLineItem): Rest {
  const lt = store.lineItemTotals(li);
  const refunded = store.orderTotals(o).refundedQuantity.get(li.id) ?? 0;
  const current = Math.max(0, li.quantity - refunded);
  const variant = li.variantId ? store.variant(li.variantId) : undefined;
  return {
    id: restId(li.id),
    admin_graphql_api_id: li.id,
    attributed_staffs: [],
    current_quantity: current,
    fulfillable_quantity: o.cancelledAt ? 0 : current,
    fulfillment_service: "manual",
    fulfillment_status: o.cancelledAt ? null : "fulfilled",
    gift_card: li.isGiftCard,
    grams: 0,
    name: li.name,
    price: restDecimal(bagToMinor(li.originalUnitPriceSet).shop, o.currencyCode),
    price_set: restBag(li.originalUnitPriceSet),
    product_exists: li.productId ? store.product(li.productId) !== undefined : false,
    product_id: li.productId ? restId(li.productId) : null,
    properties: [],
    quantity: li.quantity,
    requires_shipping: li.requiresShipping,
    sku: li.sku,
    taxable: li.taxable,
    title: li.title,
    total_discount: money(lt.discounts),
    total_discount_set: restSet(lt.discounts),
    variant_id: li.variantId ? restId(li.variantId) : null,
    variant_inventory_management: variant ? "shopify" : null,
    variant_title: variant?.variant.title ?? null,
    vendor: li.vendor,
    tax_lines: taxLines(li.taxLines),
    duties: [],
    discount_allocations: discountAllocations(li.discountAllocations),
  };
}

export function restShippingLine(s: StandinShippingLine): Rest {
  const original = bagToMinor(s.originalPriceSet);
  const discounted = s.discountAllocations.map((d) => bagToMinor(d.allocatedAmountSet)).reduce(subBags, original);
  return {
    id: restId(s.id),
    carrier_identifier: null,
    code: s.code,
    discounted_price: money(discounted),
    discounted_price_set: restSet(discounted),
    is_removed: false,
    phone: null,
    price: money(original),
    price_set: restSet(original),
    requested_fulfillment_service_id: null,
    source: s.source,
    title: s.title,
    tax_lines: taxLines(s.taxLines),
    discount_allocations: discountAllocations(s.discountAllocations),
  };
}

export function restRefund(store: ShopStore, o: StandinOrder, r: StandinRefund): Rest {
  const zero = sumBags([], o.currencyCode, o.presentmentCurrencyCode);
  return {
    id: restId(r.id),
    admin_graphql_api_id: r.id,
    created_at: time(store, r.createdAt),
    note: r.note,
    order_id: restId(o.id),
    processed_at: time(store, r.processedAt),
    restock: r.refundLineItems.some((x) => x.restockType !== "NO_RESTOCK"),
    total_duties_set: restSet(zero),
    user_id: null,
    order_adjustments: [],
    transactions: [],
    refund_line_items: r.refundLineItems.map((x) => {
      const li = store.lineItem(x.lineItemId);
      return {
        id: restId(x.id),
        line_item_id: restId(x.lineItemId),
        location_id: null,
        quantity: x.quantity,
        restock_type: x.restockType.toLowerCase(),
        subtotal: restDecimal(bagToMinor(x.subtotalSet).shop, o.currencyCode),
        subtotal_set: restBag(x.subtotalSet),
        total_tax: restDecimal(bagToMinor(x.totalTaxSet).shop, o.currencyCode),
        total_tax_set: restBag(x.totalTaxSet),
        line_item: li ? restLineItem(store, o, li.lineItem) : null,
      };
    }),
    refund_shipping_lines: r.refundShippingLines.map((x) => {
      const sl = store.shippingLine(x.shippingLineId);
      return {
        id: restId(x.id),
        shipping_line_id: restId(x.shippingLineId),
        subtotal_amount_set: restBag(x.subtotalAmountSet),
        tax_amount_set: restBag(x.taxAmountSet),
        shipping_line: sl ? restShippingLine(sl.shippingLine) : null,
      };
    }),
    duties: [],
  };
}

export function restOrder(store: ShopStore, o: StandinOrder): Rest {
  const t = store.orderTotals(o);
  const customer = o.customerId ? store.customer(o.customerId) : undefined;
  const number = orderNumber(o);
  const token = createHash("md5").update(o.id).digest("hex");
  return {
    id: restId(o.id),
    admin_graphql_api_id: o.id,
    app_id: o.sourceName === "web" ? 580111 : o.sourceName === "pos" ? 129785 : null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelReason ? o.cancelReason.toLowerCase() : null,
    cancelled_at: time(store, o.cancelledAt),
    cart_token: null,
    checkout_id: null,
    checkout_token: null,
    client_details: null,
    closed_at: null,
    company: null,
    confirmation_number: null,
    confirmed: true,
    contact_email: null,
    created_at: time(store, o.createdAt),
    currency: o.currencyCode,
    current_subtotal_price: money(t.currentSubtotal),
    current_subtotal_price_set: restSet(t.currentSubtotal),
    current_total_additional_fees_set: null,
    current_total_discounts: money(t.currentTotalDiscounts),
    current_total_discounts_set: restSet(t.currentTotalDiscounts),
    current_total_duties_set: null,
    current_total_price: money(t.currentTotalPrice),
    current_total_price_set: restSet(t.currentTotalPrice),
    current_total_tax: money(t.currentTotalTax),
    current_total_tax_set: restSet(t.currentTotalTax),
    customer_locale: "en",
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email: null,
    estimated_taxes: false,
    financial_status: t.financialStatus.toLowerCase(),
    fulfillment_status: o.cancelledAt ? null : "fulfilled",
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: o.name,
    note: null,
    note_attributes: [],
    number: number > 1000 ? number - 1000 : number,
    order_number: number,
    order_status_url: `https://${store.domain}/orders/${token}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [],
    phone: null,
    po_number: null,
    presentment_currency: o.presentmentCurrencyCode,
    processed_at: time(store, o.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: o.sourceName,
    source_url: null,
    subtotal_price: money(t.subtotal),
    subtotal_price_set: restSet(t.subtotal),
    tags: o.tags.join(", "),
    tax_exempt: false,
    tax_lines: taxLines([...o.lineItems.flatMap((li) => li.taxLines ?? []), ...o.shippingLines.flatMap((s) => s.taxLines ?? [])]),
    taxes_included: o.taxesIncluded,
    test: o.test,
    token,
    total_discounts: money(t.totalDiscounts),
    total_discounts_set: restSet(t.totalDiscounts),
    total_line_items_price: money(t.lineOriginal),
    total_line_items_price_set: restSet(t.lineOriginal),
    total_outstanding: restDecimal(0n, o.currencyCode),
    total_price: money(t.totalPrice),
    total_price_set: restSet(t.totalPrice),
    total_shipping_price_set: restSet(t.shippingOriginal),
    total_tax: money(t.totalTax),
    total_tax_set: restSet(t.totalTax),
    total_tip_received: restDecimal(0n, o.currencyCode),
    total_weight: 0,
    updated_at: time(store, o.updatedAt),
    user_id: null,
    billing_address: null,
    // Name, e-mail and phone are protected customer data: absent without Level 2 access.
    customer: o.customerId
      ? {
          id: restId(o.customerId),
          email: null,
          created_at: time(store, customer?.createdAt ?? o.createdAt),
          updated_at: time(store, customer?.updatedAt ?? o.updatedAt),
          first_name: null,
          last_name: null,
          state: "enabled",
          note: null,
          verified_email: false,
          multipass_identifier: null,
          tax_exempt: false,
          phone: null,
          currency: o.currencyCode,
          tags: "",
          admin_graphql_api_id: o.customerId,
          default_address: null,
        }
      : null,
    discount_applications: [],
    fulfillments: [],
    line_items: o.lineItems.map((li) => restLineItem(store, o, li)),
    payment_terms: null,
    refunds: o.refunds.map((r) => restRefund(store, o, r)),
    shipping_address: null,
    shipping_lines: o.shippingLines.map((s) => restShippingLine(s)),
  };
}

export function restShop(store: ShopStore): Rest {
  const s = store.data.shop;
  const off = offsetMinutes(s.ianaTimezone, Date.now());
  const abs = Math.abs(off);
  const gmt = `(GMT${off < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}) ${s.ianaTimezone}`;
  const first = store.data.orders.reduce<string | null>((min, o) => (min === null || o.createdAt < min ? o.createdAt : min), null);
  return {
    id: Number(parseGid(store.shopId)?.tail),
    name: s.name,
    email: s.email,
    domain: s.domain,
    province: null,
    country: null,
    address1: null,
    zip: null,
    city: null,
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: time(store, first ?? new Date(0).toISOString()),
    updated_at: time(store, new Date().toISOString()),
    country_code: null,
    country_name: null,
    currency: s.currencyCode,
    customer_email: s.email,
    timezone: gmt,
    iana_timezone: s.ianaTimezone,
    shop_owner: s.name,
    money_format: "{{amount}}",
    money_with_currency_format: `{{amount}} ${s.currencyCode}`,
    weight_unit: "kg",
    province_code: null,
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: s.plan.displayName,
    plan_name: s.plan.displayName.toLowerCase().replace(/\s+/g, "_"),
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: s.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: "{{amount}}",
    money_with_currency_in_emails_format: `{{amount}} ${s.currencyCode}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: s.enabledPresentmentCurrencies,
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

/** Bodies of the mandatory compliance topics (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance). */
export function complianceBody(store: ShopStore, topic: string, customerId?: string): Rest {
  const shopId = Number(parseGid(store.shopId)?.tail);
  const shopPart = { shop_id: shopId, shop_domain: store.domain };
  if (topic === "shop/redact") return shopPart;
  if (!customerId) throw new Error(`stand-in: ${topic} needs a customer id`);
  const orders = store.data.orders.filter((o) => o.customerId === customerId).map((o) => restId(o.id));
  const customer = { id: restId(customerId), email: null, phone: null };
  if (topic === "customers/redact") return { ...shopPart, customer, orders_to_redact: orders };
  if (topic === "customers/data_request") return { ...shopPart, orders_requested: orders, customer, data_request: { id: Number(Date.now() % 1e9) } };
  throw new Error(`stand-in: ${topic} is not a compliance topic`);
}
