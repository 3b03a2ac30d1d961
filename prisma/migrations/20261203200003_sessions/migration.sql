-- CreateTable
CREATE TABLE "SessionCount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "periodFrom" TEXT NOT NULL,
    "periodTo" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "visitors" INTEGER,
    "checkouts" INTEGER
);

-- CreateIndex
CREATE INDEX "SessionCount_shop_source_periodFrom_idx" ON "SessionCount"("shop", "source", "periodFrom");

-- CreateIndex
CREATE INDEX "SessionCount_uploadId_idx" ON "SessionCount"("uploadId");

