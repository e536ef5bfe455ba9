-- AlterTable
ALTER TABLE "Grant" ADD COLUMN "lastReviewedAt" DATETIME;
ALTER TABLE "Grant" ADD COLUMN "removalConfirmedAt" DATETIME;

-- CreateTable
CREATE TABLE "AgencyLogo" (
    "agencyId" TEXT NOT NULL PRIMARY KEY,
    "contentType" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "sha256" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgencyLogo_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "invitedById" TEXT NOT NULL,
    "sentCount" INTEGER NOT NULL DEFAULT 1,
    "acceptedAt" DATETIME,
    "acceptedById" TEXT,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StaffInvitation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agency" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "logoUrl" TEXT,
    "accentColor" TEXT,
    "granteeEmail" TEXT NOT NULL,
    "defaultLifetimeDays" INTEGER NOT NULL DEFAULT 7,
    "defaultRole" TEXT NOT NULL DEFAULT 'VIEWER',
    "notificationEmail" TEXT,
    "reviewIntervalDays" INTEGER NOT NULL DEFAULT 90,
    "lastReviewDigestAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Agency" ("accentColor", "createdAt", "defaultLifetimeDays", "defaultRole", "granteeEmail", "id", "logoUrl", "name", "notificationEmail", "slug", "updatedAt") SELECT "accentColor", "createdAt", "defaultLifetimeDays", "defaultRole", "granteeEmail", "id", "logoUrl", "name", "notificationEmail", "slug", "updatedAt" FROM "Agency";
DROP TABLE "Agency";
ALTER TABLE "new_Agency" RENAME TO "Agency";
CREATE UNIQUE INDEX "Agency_slug_key" ON "Agency"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "StaffInvitation_tokenHash_key" ON "StaffInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffInvitation_agencyId_createdAt_idx" ON "StaffInvitation"("agencyId", "createdAt");

-- CreateIndex
CREATE INDEX "StaffInvitation_agencyId_email_idx" ON "StaffInvitation"("agencyId", "email");

