-- Issue #5 (metrics): taxes and duties for the sales report's Taxes, Duties and Total sales.
-- AlterTable
ALTER TABLE "Order" ADD COLUMN "totalDutiesAmount" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN "dutiesRefundedAmount" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "RefundLine" ADD COLUMN "taxAmount" BIGINT NOT NULL DEFAULT 0;
