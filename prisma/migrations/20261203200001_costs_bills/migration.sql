-- CreateTable
CREATE TABLE "ProductCost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "variantId" TEXT,
    "sku" TEXT,
    "effectiveFrom" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "unitCostMinor" BIGINT NOT NULL,
    "shopCurrency" TEXT NOT NULL,
    "shopUnitCostMinor" BIGINT NOT NULL,
    "fxRate" TEXT,
    "fxSource" TEXT
);

-- CreateTable
CREATE TABLE "SupplierBill" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "supplier" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "vatMinor" BIGINT,
    "invoiceDay" TEXT NOT NULL,
    "dueDay" TEXT,
    "paidDay" TEXT
);

-- CreateIndex
CREATE INDEX "ProductCost_shop_variantId_effectiveFrom_idx" ON "ProductCost"("shop", "variantId", "effectiveFrom");

-- CreateIndex
CREATE INDEX "ProductCost_shop_sku_effectiveFrom_idx" ON "ProductCost"("shop", "sku", "effectiveFrom");

-- CreateIndex
CREATE INDEX "ProductCost_uploadId_idx" ON "ProductCost"("uploadId");

-- CreateIndex
CREATE INDEX "SupplierBill_shop_supplier_reference_idx" ON "SupplierBill"("shop", "supplier", "reference");

-- CreateIndex
CREATE INDEX "SupplierBill_shop_dueDay_idx" ON "SupplierBill"("shop", "dueDay");

-- CreateIndex
CREATE INDEX "SupplierBill_uploadId_idx" ON "SupplierBill"("uploadId");

