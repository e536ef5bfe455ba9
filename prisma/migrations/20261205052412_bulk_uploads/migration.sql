-- CreateTable
CREATE TABLE "BulkUpload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "linkCount" INTEGER NOT NULL,
    "clientCount" INTEGER NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "BulkUpload_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BulkUpload_agencyId_batchId_key" ON "BulkUpload"("agencyId", "batchId");


-- Uploads made before this table existed: one created upload per batch of links.
INSERT INTO "BulkUpload" ("id", "agencyId", "batchId", "createdById", "status", "rowCount", "linkCount", "clientCount", "createdAt", "finishedAt")
SELECT lower(hex(randomblob(12))), "agencyId", "batchId", MIN("createdById"), 'CREATED', COUNT(*), COUNT(*), 0, MIN("createdAt"), MAX("createdAt")
FROM "OnboardingLink" WHERE "batchId" IS NOT NULL GROUP BY "agencyId", "batchId";
