-- Issue #3: catalog (products, variants, inventory items), the unit cost frozen on order lines,
-- and the incremental sources' watermark/cursor in SyncState.

-- AlterTable
ALTER TABLE "SyncState" ADD COLUMN "cursor" TEXT;
ALTER TABLE "SyncState" ADD COLUMN "watermark" DATETIME;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN "unitCostAmount" BIGINT;

-- CreateTable
CREATE TABLE "Product" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "productType" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "categoryId" TEXT,
    "categoryName" TEXT,
    "isGiftCard" BOOLEAN NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "ProductVariant" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "inventoryItemId" TEXT,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "InventoryItem" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "sku" TEXT,
    "tracked" BOOLEAN NOT NULL,
    "unitCostAmount" BIGINT,
    "currencyCode" TEXT NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateIndex
CREATE INDEX "ProductVariant_shop_productId_idx" ON "ProductVariant"("shop", "productId");

-- CreateIndex
CREATE INDEX "ProductVariant_shop_inventoryItemId_idx" ON "ProductVariant"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "InventoryItem_shop_variantId_idx" ON "InventoryItem"("shop", "variantId");
