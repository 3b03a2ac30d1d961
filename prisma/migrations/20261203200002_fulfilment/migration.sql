-- CreateTable
CREATE TABLE "FulfilmentCost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "orderId" TEXT,
    "orderRef" TEXT,
    "trackingRef" TEXT,
    "description" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "shopCurrency" TEXT NOT NULL,
    "shopAmountMinor" BIGINT NOT NULL,
    "fxRate" TEXT,
    "fxSource" TEXT,
    "lineKey" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "FulfilmentCost_shop_day_idx" ON "FulfilmentCost"("shop", "day");

-- CreateIndex
CREATE INDEX "FulfilmentCost_shop_orderId_idx" ON "FulfilmentCost"("shop", "orderId");

-- CreateIndex
CREATE INDEX "FulfilmentCost_shop_lineKey_idx" ON "FulfilmentCost"("shop", "lineKey");

-- CreateIndex
CREATE INDEX "FulfilmentCost_uploadId_idx" ON "FulfilmentCost"("uploadId");

