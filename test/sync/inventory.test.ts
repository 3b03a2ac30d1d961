// Inventory levels per item and location through their bulk operation, and the daily snapshot
// valued at cost: one set of rows per shop-local day, replaced when taken again that day, other
// days untouched.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { snapshotDueShops, snapshotInventory } from "../../app/modules/sync/inventory";
import { TINY_SHOP, tinyShop } from "../fixtures/tiny-shop";
import { startHarness, type Harness } from "./harness";

let h: Harness;
const SHOP_LOC = "gid://shopify/Location/1";
const WAREHOUSE = "gid://shopify/Location/2";
const level = (locationId: string, onHand: number, committed: number, incoming: number) =>
  ({ locationId, available: onHand - committed, onHand, committed, incoming, updatedAt: "2011-03-30T00:00:00Z" });

beforeAll(async () => {
  const d = tinyShop();
  d.locations = [{ id: SHOP_LOC, name: "Shop", isActive: true }, { id: WAREHOUSE, name: "Warehouse", isActive: true }];
  for (const p of d.products) {
    const v = p.variants[0];
    if (v.sku === "MUG") { v.unitCost = "3.10"; v.inventoryLevels = [level(SHOP_LOC, 10, 2, 0), level(WAREHOUSE, 4, 0, 12)]; }
    if (v.sku === "TEE") { v.unitCost = "7.25"; v.inventoryLevels = [level(WAREHOUSE, 3, 1, 0)]; }
    if (v.sku === "GIFT") v.inventoryLevels = [level(SHOP_LOC, 5, 0, 0)]; // no cost entered
  }
  h = await startHarness(d);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const rowsOf = async (day: string) =>
  (await h.db.inventorySnapshot.findMany({ where: { shop: TINY_SHOP, day }, orderBy: [{ inventoryItemId: "asc" }, { locationId: "asc" }] }))
    .map((r) => [r.inventoryItemId.replace("gid://shopify/InventoryItem/", "item "), r.locationId.replace("gid://shopify/Location/", "loc "), r.available, r.onHand, r.committed, r.incoming, r.unitCostAmount, r.valueAmount]);

describe("inventory snapshot", () => {
  test("levels per item and location, valued at cost, on the shop-local day", async () => {
    // 23:30 UTC on 30 March 2011 is 00:30 BST on the 31st in Europe/London.
    const r = await snapshotInventory(h.db, h.admin, h.ctx, { pollIntervalMs: 20, now: new Date("2011-03-30T23:30:00Z") });
    // Mug 10 x 3.10 = 31.00 and 4 x 3.10 = 12.40; T-shirt 3 x 7.25 = 21.75; gift cards: no cost.
    // Total 31.00 + 12.40 + 21.75 = 65.15.
    expect(r).toEqual({ day: "2011-03-31", levels: 4, locations: 2, valueAmount: 6515n });
    expect(await rowsOf("2011-03-31")).toEqual([
      ["item 11", "loc 1", 8, 10, 2, 0, 310n, 3100n],
      ["item 11", "loc 2", 4, 4, 0, 12, 310n, 1240n],
      ["item 21", "loc 2", 2, 3, 1, 0, 725n, 2175n],
      ["item 31", "loc 1", 5, 5, 0, 0, null, null],
    ]);
    const locations = await h.db.location.findMany({ where: { shop: TINY_SHOP }, orderBy: { id: "asc" } });
    expect(locations.map((l) => [l.id, l.name])).toEqual([[SHOP_LOC, "Shop"], [WAREHOUSE, "Warehouse"]]);
    const mug = await h.db.inventoryLevel.findUniqueOrThrow({ where: { shop_inventoryItemId_locationId: { shop: TINY_SHOP, inventoryItemId: "gid://shopify/InventoryItem/11", locationId: SHOP_LOC } } });
    expect([mug.variantId, mug.available, mug.onHand]).toEqual(["gid://shopify/ProductVariant/11", 8, 10]);
    const state = await h.db.syncState.findUniqueOrThrow({ where: { shop_source: { shop: TINY_SHOP, source: "inventory_snapshot" } } });
    // 3 items + 4 levels in the file.
    expect([state.status, state.linesProcessed, state.objectsTotal, state.lastError]).toEqual(["completed", 7, 7, null]);
  });

  test("taken again the same day: that day's rows replaced; the next day: a second set, the first kept", async () => {
    const mug = h.standin.dataset(TINY_SHOP).products[0].variants[0];
    mug.inventoryLevels![0].onHand = 6;
    mug.inventoryLevels![0].available = 4;
    await snapshotInventory(h.db, h.admin, h.ctx, { pollIntervalMs: 20, now: new Date("2011-03-31T18:00:00Z") });
    // Still the 31st (19:00 BST): mug at the shop now 6 x 3.10 = 18.60.
    expect((await rowsOf("2011-03-31"))[0]).toEqual(["item 11", "loc 1", 4, 6, 2, 0, 310n, 1860n]);
    expect(await h.db.inventorySnapshot.count({ where: { shop: TINY_SHOP } })).toBe(4);

    // A cost change values the next day's stock at the new cost; the 31st keeps 3.10.
    h.standin.updateVariant(TINY_SHOP, mug.id, (v) => { v.unitCost = "3.50"; });
    const r = await snapshotInventory(h.db, h.admin, h.ctx, { pollIntervalMs: 20, now: new Date("2011-04-01T09:00:00Z") });
    expect(r.day).toBe("2011-04-01");
    expect((await rowsOf("2011-04-01"))[0]).toEqual(["item 11", "loc 1", 4, 6, 2, 0, 350n, 2100n]);
    expect((await rowsOf("2011-03-31"))[0]).toEqual(["item 11", "loc 1", 4, 6, 2, 0, 310n, 1860n]);
    expect(await h.db.inventorySnapshot.count({ where: { shop: TINY_SHOP } })).toBe(8);
  });

  test("the daily check takes a snapshot only for shops without today's", async () => {
    // The last snapshot above is of 1 April (shop-local): later that day nothing is due.
    expect(await snapshotDueShops(h.db, h.deps, new Date("2011-04-01T21:00:00Z"))).toEqual([]);
    // 2 April: due.
    expect(await snapshotDueShops(h.db, h.deps, new Date("2011-04-02T08:00:00Z"))).toEqual([TINY_SHOP]);
    expect(await h.db.inventorySnapshot.count({ where: { shop: TINY_SHOP, day: "2011-04-02" } })).toBe(4);
  });
});
