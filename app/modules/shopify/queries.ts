// Every Admin GraphQL document Grip sends, in one place. Each is validated against the committed
// 2026-10 schema by a unit test (test/unit/queries.test.ts), and the stand-in validates them again
// on every request, as Shopify does.

export const ADMIN_API_VERSION = "2026-10";

const MONEY_BAG = `shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }`;

export const SHOP_QUERY = /* GraphQL */ `
  query GripShop {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan { publicDisplayName shopifyPlus }
    }
  }
`;

// A session before the order (marketing attribution): where the customer came from.
const VISIT_FIELDS = `id occurredAt source sourceType referrerUrl utmParameters { source medium campaign } marketingEvent { id }`;

// Fields of an order that Grip turns into facts. Shared by the bulk backfill and the single-order
// refetch so both paths produce the same rows.
const ORDER_FIELDS = `
  id
  name
  createdAt
  processedAt
  updatedAt
  cancelledAt
  test
  currencyCode
  presentmentCurrencyCode
  sourceName
  attribution { handle displayName }
  app { name }
  customer { id numberOfOrders }
  displayFinancialStatus
  customerJourneySummary {
    ready
    customerOrderIndex
    daysToConversion
    firstVisit { ${VISIT_FIELDS} }
    lastVisit { ${VISIT_FIELDS} }
  }
  originalTotalDutiesSet { shopMoney { amount currencyCode } }
  subtotalPriceSet { ${MONEY_BAG} }
  totalDiscountsSet { ${MONEY_BAG} }
  totalShippingPriceSet { ${MONEY_BAG} }
  totalTaxSet { ${MONEY_BAG} }
  totalPriceSet { ${MONEY_BAG} }
`;

// Line-level money in shop money only: KPIs are in shop currency, and every object adds to the
// query cost of the paged reads.
const SHOP_MONEY = `shopMoney { amount currencyCode }`;

// variant.inventoryItem.unitCost: the cost Shopify holds when Grip reads the line; stored on the
// line the first time and frozen afterwards (docs/decisions/0004-unit-cost-frozen-at-sync.md).
const LINE_ITEM_FIELDS = `
  id
  title
  sku
  quantity
  currentQuantity
  isGiftCard
  originalUnitPriceSet { ${SHOP_MONEY} }
  discountAllocations { allocatedAmountSet { ${SHOP_MONEY} } }
  product { id }
  variant { id inventoryItem { unitCost { amount currencyCode } } }
`;

const SHIPPING_LINE_FIELDS = `
  id
  title
  originalPriceSet { ${SHOP_MONEY} }
  discountAllocations { allocatedAmountSet { ${SHOP_MONEY} } }
`;

// Order.refunds is a plain list: in a bulk operation it is inlined in the order's line, and a
// connection inside a list is not allowed there, so the bulk query reads refund headers only and
// the refund line items are fetched afterwards by id (REFUND_LINES_QUERY).
const REFUND_HEADER_FIELDS = `
  id
  createdAt
  processedAt
  totalRefundedSet { ${SHOP_MONEY} }
  duties { amountSet { ${SHOP_MONEY} } }
`;

// Refund lines are read in batches of many refunds, so every object counts against the 1,000
// point query limit: shop money only (the KPIs use nothing else).
const REFUND_LINE_FIELDS = `
  id
  quantity
  restockType
  lineItem { id }
  subtotalSet { ${SHOP_MONEY} }
  totalTaxSet { ${SHOP_MONEY} }
`;

const REFUND_SHIPPING_FIELDS = `
  subtotalAmountSet { ${SHOP_MONEY} }
`;

/** The backfill's bulk query: orders with line items and shipping lines (2 connections). */
export function ordersBulkQuery(): string {
  return /* GraphQL */ `
    {
      orders(sortKey: PROCESSED_AT) {
        edges {
          node {
            ${ORDER_FIELDS}
            refunds { ${REFUND_HEADER_FIELDS} }
            lineItems {
              edges { node { ${LINE_ITEM_FIELDS} } }
            }
            shippingLines(includeRemovals: false) {
              edges { node { ${SHIPPING_LINE_FIELDS} } }
            }
          }
        }
      }
    }
  `;
}

export const BULK_RUN_MUTATION = /* GraphQL */ `
  mutation GripBulkRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_QUERY = /* GraphQL */ `
  query GripBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
      createdAt
      completedAt
    }
  }
`;

/**
 * Refund line items and refunded shipping for a batch of refunds. Requested cost per refund is
 * about 71 (the refund, 10 lines of 6 objects with their refunded tax, 2 refunded shipping lines,
 * two connections), so 13 refunds stay under Shopify's 1,000-point single-query limit
 * (REFUNDS_PER_LINES_QUERY; test/unit/queries.test.ts checks it). A refund with more than 10
 * lines is paged further with REFUND_LINES_PAGE_QUERY.
 */
export const REFUNDS_PER_LINES_QUERY = 13;
export const REFUND_LINES_QUERY = /* GraphQL */ `
  query GripRefundLines($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Refund {
        id
        refundLineItems(first: 10) {
          pageInfo { hasNextPage endCursor }
          nodes { ${REFUND_LINE_FIELDS} }
        }
        refundShippingLines(first: 2) {
          nodes { ${REFUND_SHIPPING_FIELDS} }
        }
      }
    }
  }
`;

/** Further pages of one refund's line items (refunds of more than 10 lines); 150 lines of about 6 points each stay under 1,000. */
export const REFUND_LINES_PAGE_QUERY = /* GraphQL */ `
  query GripRefundLinesPage($id: ID!, $after: String) {
    node(id: $id) {
      ... on Refund {
        id
        refundLineItems(first: 150, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes { ${REFUND_LINE_FIELDS} }
        }
      }
    }
  }
`;

/**
 * One order: webhook processing and reconciliation refetch the current state. Refund line items
 * come from REFUND_LINES_QUERY (as in the backfill); more than 80 line items are paged with
 * ORDER_LINES_PAGE_QUERY. Requested cost stays under 1,000.
 */
export const ORDER_QUERY = /* GraphQL */ `
  query GripOrder($id: ID!) {
    order(id: $id) {
      ${ORDER_FIELDS}
      refunds { ${REFUND_HEADER_FIELDS} }
      lineItems(first: 80) {
        pageInfo { hasNextPage endCursor }
        nodes { ${LINE_ITEM_FIELDS} }
      }
      shippingLines(first: 10, includeRemovals: false) {
        nodes { ${SHIPPING_LINE_FIELDS} }
      }
    }
  }
`;

// 90 lines (about 10 points each with the inline unit cost) keep a page under 1,000 points.
export const ORDER_LINES_PAGE_QUERY = /* GraphQL */ `
  query GripOrderLinesPage($id: ID!, $after: String) {
    order(id: $id) {
      id
      lineItems(first: 90, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ${LINE_ITEM_FIELDS} }
      }
    }
  }
`;

/** Incremental: orders changed since a moment, oldest change first. */
export const ORDERS_UPDATED_SINCE_QUERY = /* GraphQL */ `
  query GripOrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { id updatedAt }
    }
  }
`;

/**
 * The catalog's bulk query: products with their variants (one connection) and each variant's
 * inventory item inline (an object, not a connection): SKU, tracked, unit cost.
 */
export function catalogBulkQuery(): string {
  return /* GraphQL */ `
    {
      products {
        edges {
          node {
            id
            title
            productType
            vendor
            isGiftCard
            updatedAt
            category { id fullName }
            variants {
              edges {
                node {
                  id
                  title
                  sku
                  updatedAt
                  inventoryItem { id sku tracked updatedAt unitCost { amount currencyCode } }
                }
              }
            }
          }
        }
      }
    }
  `;
}

/** Quantity names Grip snapshots (InventoryLevel.quantities). */
export const INVENTORY_QUANTITY_NAMES = ["available", "on_hand", "committed", "incoming"] as const;

/**
 * Inventory levels: every inventory item (its variant and current cost) with its levels per
 * location (one connection below the root). Products → variants → levels would nest three
 * connections, over the bulk limit of two, hence a bulk operation of its own from inventoryItems.
 */
export function inventoryBulkQuery(): string {
  return /* GraphQL */ `
    {
      inventoryItems {
        edges {
          node {
            id
            tracked
            variant { id }
            unitCost { amount currencyCode }
            inventoryLevels {
              edges {
                node {
                  id
                  location { id name }
                  quantities(names: [${INVENTORY_QUANTITY_NAMES.map((n) => `"${n}"`).join(", ")}]) { name quantity }
                }
              }
            }
          }
        }
      }
    }
  `;
}
