-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "ianaTimezone" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "bulkUrl" TEXT,
    "linesProcessed" INTEGER NOT NULL DEFAULT 0,
    "objectsTotal" INTEGER,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "source")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "test" BOOLEAN NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "customerId" TEXT,
    "salesChannel" TEXT NOT NULL,
    "processedDay" TEXT NOT NULL,
    "cancelledDay" TEXT,
    "subtotalAmount" BIGINT NOT NULL,
    "totalDiscountsAmount" BIGINT NOT NULL,
    "totalShippingAmount" BIGINT NOT NULL,
    "totalTaxAmount" BIGINT NOT NULL,
    "totalPriceAmount" BIGINT NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT,
    "variantId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "currentQuantity" INTEGER NOT NULL,
    "unitPriceAmount" BIGINT NOT NULL,
    "grossAmount" BIGINT NOT NULL,
    "discountAmount" BIGINT NOT NULL,
    "isGiftCard" BOOLEAN NOT NULL,
    "processedDay" TEXT NOT NULL,

    PRIMARY KEY ("shop", "id"),
    CONSTRAINT "OrderLine_shop_orderId_fkey" FOREIGN KEY ("shop", "orderId") REFERENCES "Order" ("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShippingLine" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "discountAmount" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "id"),
    CONSTRAINT "ShippingLine_shop_orderId_fkey" FOREIGN KEY ("shop", "orderId") REFERENCES "Order" ("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Refund" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" DATETIME,
    "processedAt" DATETIME NOT NULL,
    "processedDay" TEXT NOT NULL,
    "totalRefundedAmount" BIGINT NOT NULL,
    "shippingRefundedAmount" BIGINT NOT NULL,
    "linesComplete" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("shop", "id"),
    CONSTRAINT "Refund_shop_orderId_fkey" FOREIGN KEY ("shop", "orderId") REFERENCES "Order" ("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RefundLine" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "subtotalAmount" BIGINT NOT NULL,
    "restockType" TEXT NOT NULL,

    PRIMARY KEY ("shop", "id"),
    CONSTRAINT "RefundLine_shop_refundId_fkey" FOREIGN KEY ("shop", "refundId") REFERENCES "Refund" ("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "status" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Order_shop_processedDay_idx" ON "Order"("shop", "processedDay");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_orderId_idx" ON "OrderLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_processedDay_idx" ON "OrderLine"("shop", "processedDay");

-- CreateIndex
CREATE INDEX "ShippingLine_shop_orderId_idx" ON "ShippingLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "Refund_shop_processedDay_idx" ON "Refund"("shop", "processedDay");

-- CreateIndex
CREATE INDEX "Refund_shop_orderId_idx" ON "Refund"("shop", "orderId");

-- CreateIndex
CREATE INDEX "RefundLine_shop_refundId_idx" ON "RefundLine"("shop", "refundId");

-- CreateIndex
CREATE INDEX "RefundLine_shop_lineItemId_idx" ON "RefundLine"("shop", "lineItemId");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_status_idx" ON "WebhookEvent"("shop", "status");

