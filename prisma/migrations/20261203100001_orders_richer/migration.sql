-- Issue #3: richer orders (display financial status, customer journey attribution, customer order index) and customers' lifetime order counts.

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "customerOrderIndex" INTEGER;
ALTER TABLE "Order" ADD COLUMN "daysToConversion" INTEGER;
ALTER TABLE "Order" ADD COLUMN "displayFinancialStatus" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitAt" DATETIME;
ALTER TABLE "Order" ADD COLUMN "firstVisitMarketingEventId" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitReferrerUrl" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitSource" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitSourceType" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitUtmCampaign" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitUtmMedium" TEXT;
ALTER TABLE "Order" ADD COLUMN "firstVisitUtmSource" TEXT;
ALTER TABLE "Order" ADD COLUMN "journeyReady" BOOLEAN;
ALTER TABLE "Order" ADD COLUMN "lastVisitAt" DATETIME;
ALTER TABLE "Order" ADD COLUMN "lastVisitMarketingEventId" TEXT;
ALTER TABLE "Order" ADD COLUMN "lastVisitReferrerUrl" TEXT;
ALTER TABLE "Order" ADD COLUMN "lastVisitSource" TEXT;
ALTER TABLE "Order" ADD COLUMN "lastVisitSourceType" TEXT;
ALTER TABLE "Order" ADD COLUMN "lastVisitUtmCampaign" TEXT;
ALTER TABLE "Order" ADD COLUMN "lastVisitUtmMedium" TEXT;
ALTER TABLE "Order" ADD COLUMN "lastVisitUtmSource" TEXT;

-- CreateTable
CREATE TABLE "Customer" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "numberOfOrders" INTEGER NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

