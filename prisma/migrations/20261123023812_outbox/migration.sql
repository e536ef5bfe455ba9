-- AlterTable
ALTER TABLE "Agency" ADD COLUMN "notificationEmail" TEXT;

-- AlterTable
ALTER TABLE "OnboardingLink" ADD COLUMN "expiryRecordedAt" DATETIME;

-- CreateTable
CREATE TABLE "OutboundEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "linkId" TEXT,
    "grantId" TEXT,
    "dedupeKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimToken" TEXT,
    "leaseExpiresAt" DATETIME,
    "providerId" TEXT,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OutboundEmail_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MailboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "outboundEmailId" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MailboxMessage_outboundEmailId_fkey" FOREIGN KEY ("outboundEmailId") REFERENCES "OutboundEmail" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboundEmail_dedupeKey_key" ON "OutboundEmail"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboundEmail_status_nextAttemptAt_idx" ON "OutboundEmail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboundEmail_status_leaseExpiresAt_idx" ON "OutboundEmail"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "OutboundEmail_agencyId_status_idx" ON "OutboundEmail"("agencyId", "status");

-- CreateIndex
CREATE INDEX "OutboundEmail_linkId_idx" ON "OutboundEmail"("linkId");

-- CreateIndex
CREATE UNIQUE INDEX "MailboxMessage_outboundEmailId_key" ON "MailboxMessage"("outboundEmailId");

-- CreateIndex
CREATE INDEX "MailboxMessage_agencyId_createdAt_idx" ON "MailboxMessage"("agencyId", "createdAt");

