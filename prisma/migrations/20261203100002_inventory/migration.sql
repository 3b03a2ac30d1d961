-- Issue #3: locations, current inventory levels and the daily inventory snapshot valued at cost.
-- CreateTable
CREATE TABLE "Location" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "variantId" TEXT,
    "available" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "incoming" INTEGER NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
);

-- CreateTable
CREATE TABLE "InventorySnapshot" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "variantId" TEXT,
    "available" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "incoming" INTEGER NOT NULL,
    "unitCostAmount" BIGINT,
    "valueAmount" BIGINT,
    "currencyCode" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "day", "inventoryItemId", "locationId")
);

-- CreateIndex
CREATE INDEX "InventorySnapshot_shop_variantId_day_idx" ON "InventorySnapshot"("shop", "variantId", "day");
