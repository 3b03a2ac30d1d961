// The catalog (products, variants, inventory items) through its bulk operation, and the unit cost
// frozen on order lines: the cost Shopify holds when Grip first stores a line stays on that line,
// whatever the variant costs later, while a new order takes the new cost.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backfillAndDrain } from "../../app/modules/sync/install";
import { syncCatalog } from "../../app/modules/sync/catalog";
import { syncOrder } from "../../app/modules/sync/order";
import { TINY_SHOP, line, order, refund, tinyShop } from "../fixtures/tiny-shop";
import { startHarness, type Harness } from "./harness";

let h: Harness;

// Costs in the stand-in: mug 3.10, T-shirt 7.25, gift card none (Shopify has no cost for it).
function shopWithCosts() {
  const d = tinyShop();
  for (const p of d.products) {
    const v = p.variants[0];
    v.unitCost = v.sku === "MUG" ? "3.10" : v.sku === "TEE" ? "7.25" : null;
    if (v.sku === "MUG") p.category = { id: "gid://shopify/TaxonomyCategory/hg-11-10-6", name: "Mugs", fullName: "Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs" };
  }
  return d;
}

const costOf = async (lineId: number) =>
  (await h.db.orderLine.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: `gid://shopify/LineItem/${lineId}` } } })).unitCostAmount;

beforeAll(async () => {
  h = await startHarness(shopWithCosts());
  await backfillAndDrain(h.db, h.deps, h.ctx, { pollIntervalMs: 20 });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("catalog", () => {
  test("products, variants and inventory items are stored with type, vendor, category, SKU, tracked and cost", async () => {
    const products = await h.db.product.findMany({ where: { shop: TINY_SHOP }, orderBy: { id: "asc" } });
    expect(products.map((p) => [p.id, p.title, p.productType, p.vendor, p.categoryName, p.isGiftCard])).toEqual([
      ["gid://shopify/Product/1", "Mug", "Merch", "Tiny", "Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs", false],
      ["gid://shopify/Product/2", "T-shirt", "Merch", "Tiny", null, false],
      ["gid://shopify/Product/3", "Gift card", "Gift card", "Tiny", null, true],
    ]);
    const variants = await h.db.productVariant.findMany({ where: { shop: TINY_SHOP }, orderBy: { id: "asc" } });
    expect(variants.map((v) => [v.id, v.productId, v.sku, v.inventoryItemId])).toEqual([
      ["gid://shopify/ProductVariant/11", "gid://shopify/Product/1", "MUG", "gid://shopify/InventoryItem/11"],
      ["gid://shopify/ProductVariant/21", "gid://shopify/Product/2", "TEE", "gid://shopify/InventoryItem/21"],
      ["gid://shopify/ProductVariant/31", "gid://shopify/Product/3", "GIFT", "gid://shopify/InventoryItem/31"],
    ]);
    // 3.10 GBP = 310 pence, 7.25 GBP = 725 pence, no cost = null.
    const items = await h.db.inventoryItem.findMany({ where: { shop: TINY_SHOP }, orderBy: { id: "asc" } });
    expect(items.map((i) => [i.id, i.variantId, i.sku, i.tracked, i.unitCostAmount, i.currencyCode])).toEqual([
      ["gid://shopify/InventoryItem/11", "gid://shopify/ProductVariant/11", "MUG", true, 310n, "GBP"],
      ["gid://shopify/InventoryItem/21", "gid://shopify/ProductVariant/21", "TEE", true, 725n, "GBP"],
      ["gid://shopify/InventoryItem/31", "gid://shopify/ProductVariant/31", "GIFT", true, null, "GBP"],
    ]);
    const state = await h.db.syncState.findUniqueOrThrow({ where: { shop_source: { shop: TINY_SHOP, source: "catalog" } } });
    // 3 products + 3 variants in the JSONL.
    expect([state.status, state.linesProcessed, state.objectsTotal, state.lastError]).toEqual(["completed", 6, 6, null]);
    expect(state.lastSuccessAt).not.toBeNull();
  });

  test("both bulk operations were started before either finished (they run side by side)", async () => {
    const starts = h.standin.requests.filter((r) => r.operationName === "GripBulkRun");
    expect(starts.length).toBe(2);
    const firstPoll = h.standin.requests.findIndex((r) => r.operationName === "GripBulkOperation");
    expect(h.standin.requests.indexOf(starts[1])).toBeLessThan(firstPoll);
  });
});

describe("unit cost frozen at first sync", () => {
  test("backfilled lines carry the cost of their variant when they were read", async () => {
    // Mug lines 1, 5, 7: 310; T-shirt lines 2, 3, 6: 725; gift card line 4: no cost.
    expect(await Promise.all([1, 5, 7, 2, 3, 6, 4].map(costOf))).toEqual([310n, 310n, 310n, 725n, 725n, 725n, null]);
  });

  test("a cost change reaches new orders, never old lines (even when their order is read again)", async () => {
    h.standin.updateVariant(TINY_SHOP, "gid://shopify/ProductVariant/11", (v) => { v.unitCost = "3.60"; });
    await h.standin.createOrder(TINY_SHOP, order(1006, "2011-03-30T10:00:00Z", [line("MUG", 2, undefined, 60)]), { silent: true });
    expect(await syncOrder(h.db, h.admin, h.ctx, "gid://shopify/Order/1006")).toBe("stored");
    // Order #1001 changes (a refund of its T-shirt) and is read again: its mug line keeps 3.10.
    await h.standin.addRefund(TINY_SHOP, "gid://shopify/Order/1001",
      refund(503, "2011-03-31T10:00:00Z", [{ lineItemId: "gid://shopify/LineItem/2", quantity: 1, subtotal: "20.00", unit: "20.00" }]), { silent: true });
    expect(await syncOrder(h.db, h.admin, h.ctx, "gid://shopify/Order/1001")).toBe("stored");
    expect(await costOf(60)).toBe(360n);
    expect(await costOf(1)).toBe(310n);
    expect((await h.db.orderLine.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/LineItem/2" } } })).currentQuantity).toBe(0);
    // The catalog, read again, holds the current cost (3.60 = 360 pence).
    await syncCatalog(h.db, h.admin, h.ctx, { pollIntervalMs: 20 });
    const mug = await h.db.inventoryItem.findUniqueOrThrow({ where: { shop_id: { shop: TINY_SHOP, id: "gid://shopify/InventoryItem/11" } } });
    expect(mug.unitCostAmount).toBe(360n);
    expect(await h.db.inventoryItem.count({ where: { shop: TINY_SHOP } })).toBe(3);
  });
});
