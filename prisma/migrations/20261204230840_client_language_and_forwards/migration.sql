-- AlterTable
ALTER TABLE "Agency" ADD COLUMN "locale" TEXT;

-- AlterTable
ALTER TABLE "Client" ADD COLUMN "locale" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OnboardingLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "recipientEmail" TEXT NOT NULL,
    "platform" TEXT NOT NULL DEFAULT 'hotjar',
    "role" TEXT NOT NULL,
    "requestedSites" TEXT NOT NULL DEFAULT '[]',
    "clientPicksSite" BOOLEAN NOT NULL DEFAULT false,
    "granteeEmail" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "accessEndsAt" DATETIME,
    "expiresAt" DATETIME NOT NULL,
    "tokenVersion" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "declineReason" TEXT,
    "sentAt" DATETIME,
    "firstOpenedAt" DATETIME,
    "lastOpenedAt" DATETIME,
    "openCount" INTEGER NOT NULL DEFAULT 0,
    "completedAt" DATETIME,
    "declinedAt" DATETIME,
    "revokedAt" DATETIME,
    "newLinkRequestedAt" DATETIME,
    "expiryRecordedAt" DATETIME,
    "locale" TEXT,
    "forwardedTo" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OnboardingLink_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OnboardingLink_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OnboardingLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_OnboardingLink" ("accessEndsAt", "agencyId", "clientId", "clientPicksSite", "completedAt", "createdAt", "createdById", "declineReason", "declinedAt", "expiresAt", "expiryRecordedAt", "firstOpenedAt", "granteeEmail", "id", "lastOpenedAt", "newLinkRequestedAt", "openCount", "platform", "reason", "recipientEmail", "requestedSites", "revokedAt", "role", "sentAt", "status", "tokenVersion", "updatedAt") SELECT "accessEndsAt", "agencyId", "clientId", "clientPicksSite", "completedAt", "createdAt", "createdById", "declineReason", "declinedAt", "expiresAt", "expiryRecordedAt", "firstOpenedAt", "granteeEmail", "id", "lastOpenedAt", "newLinkRequestedAt", "openCount", "platform", "reason", "recipientEmail", "requestedSites", "revokedAt", "role", "sentAt", "status", "tokenVersion", "updatedAt" FROM "OnboardingLink";
DROP TABLE "OnboardingLink";
ALTER TABLE "new_OnboardingLink" RENAME TO "OnboardingLink";
CREATE INDEX "OnboardingLink_agencyId_createdAt_id_idx" ON "OnboardingLink"("agencyId", "createdAt", "id");
CREATE INDEX "OnboardingLink_agencyId_status_createdAt_id_idx" ON "OnboardingLink"("agencyId", "status", "createdAt", "id");
CREATE INDEX "OnboardingLink_agencyId_status_expiresAt_idx" ON "OnboardingLink"("agencyId", "status", "expiresAt");
CREATE INDEX "OnboardingLink_agencyId_newLinkRequestedAt_idx" ON "OnboardingLink"("agencyId", "newLinkRequestedAt");
CREATE INDEX "OnboardingLink_funnel_idx" ON "OnboardingLink"("agencyId", "createdAt", "completedAt", "firstOpenedAt", "declinedAt", "id");
CREATE INDEX "OnboardingLink_status_expiresAt_expiryRecordedAt_idx" ON "OnboardingLink"("status", "expiresAt", "expiryRecordedAt");
CREATE INDEX "OnboardingLink_accessEndsAt_idx" ON "OnboardingLink"("accessEndsAt");
CREATE INDEX "OnboardingLink_clientId_idx" ON "OnboardingLink"("clientId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

