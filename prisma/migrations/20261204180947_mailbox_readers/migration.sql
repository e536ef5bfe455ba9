-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MailboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "outboundEmailId" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "readers" TEXT NOT NULL DEFAULT 'ADDRESSEE',
    "readersRole" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MailboxMessage_outboundEmailId_fkey" FOREIGN KEY ("outboundEmailId") REFERENCES "OutboundEmail" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MailboxMessage" ("agencyId", "createdAt", "from", "html", "id", "outboundEmailId", "subject", "text", "to") SELECT "agencyId", "createdAt", "from", "html", "id", "outboundEmailId", "subject", "text", "to" FROM "MailboxMessage";
DROP TABLE "MailboxMessage";
ALTER TABLE "new_MailboxMessage" RENAME TO "MailboxMessage";
CREATE UNIQUE INDEX "MailboxMessage_outboundEmailId_key" ON "MailboxMessage"("outboundEmailId");
CREATE INDEX "MailboxMessage_agencyId_createdAt_idx" ON "MailboxMessage"("agencyId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Messages already in the mailbox: client-facing ones stay readable by the whole agency, a staff
-- invitation only by Owners (the strictest reading, since its role is not stored here), the rest
-- (mail to a staff account) only by the account it was sent to.
UPDATE "MailboxMessage" SET "readers" = 'AGENCY'
  WHERE "outboundEmailId" IN (SELECT "id" FROM "OutboundEmail" WHERE "template" IN ('link-invitation', 'client-reminder', 'access-ended'));
UPDATE "MailboxMessage" SET "readers" = 'INVITERS', "readersRole" = 'OWNER'
  WHERE "outboundEmailId" IN (SELECT "id" FROM "OutboundEmail" WHERE "template" = 'staff-invitation');
