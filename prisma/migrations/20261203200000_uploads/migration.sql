-- CreateTable
CREATE TABLE "Upload" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "dataRows" INTEGER NOT NULL,
    "storedRows" INTEGER NOT NULL,
    "periodFrom" TEXT,
    "periodTo" TEXT,
    "summary" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" DATETIME
);

-- CreateTable
CREATE TABLE "AdSpend" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "shopCurrency" TEXT NOT NULL,
    "shopAmountMinor" BIGINT NOT NULL,
    "fxRate" TEXT,
    "fxSource" TEXT,
    "spread" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL
);

-- CreateTable
CREATE TABLE "FxRate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "base" TEXT NOT NULL,
    "quote" TEXT NOT NULL,
    "rate" TEXT NOT NULL,
    "source" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "UploadMapping" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kind", "source")
);

-- CreateTable
CREATE TABLE "ChannelRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "sourcePattern" TEXT NOT NULL,
    "mediumPattern" TEXT,
    "channel" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Upload_shop_kind_source_status_idx" ON "Upload"("shop", "kind", "source", "status");

-- CreateIndex
CREATE INDEX "Upload_shop_contentHash_idx" ON "Upload"("shop", "contentHash");

-- CreateIndex
CREATE INDEX "AdSpend_shop_active_day_idx" ON "AdSpend"("shop", "active", "day");

-- CreateIndex
CREATE INDEX "AdSpend_shop_source_day_idx" ON "AdSpend"("shop", "source", "day");

-- CreateIndex
CREATE INDEX "AdSpend_uploadId_idx" ON "AdSpend"("uploadId");

-- CreateIndex
CREATE INDEX "FxRate_shop_base_quote_day_idx" ON "FxRate"("shop", "base", "quote", "day");

-- CreateIndex
CREATE INDEX "FxRate_uploadId_idx" ON "FxRate"("uploadId");

-- CreateIndex
CREATE INDEX "ChannelRule_shop_position_idx" ON "ChannelRule"("shop", "position");

