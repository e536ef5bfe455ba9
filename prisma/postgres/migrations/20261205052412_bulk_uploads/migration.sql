-- CreateTable
CREATE TABLE "BulkUpload" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "linkCount" INTEGER NOT NULL,
    "clientCount" INTEGER NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BulkUpload_agencyId_batchId_key" ON "BulkUpload"("agencyId", "batchId");

-- AddForeignKey
ALTER TABLE "BulkUpload" ADD CONSTRAINT "BulkUpload_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Uploads made before this table existed: one created upload per batch of links.
INSERT INTO "BulkUpload" ("id", "agencyId", "batchId", "createdById", "status", "rowCount", "linkCount", "clientCount", "createdAt", "finishedAt")
SELECT substr(md5(random()::text || "batchId"), 1, 25), "agencyId", "batchId", MIN("createdById"), 'CREATED', COUNT(*), COUNT(*), 0, MIN("createdAt"), MAX("createdAt")
FROM "OnboardingLink" WHERE "batchId" IS NOT NULL GROUP BY "agencyId", "batchId";
