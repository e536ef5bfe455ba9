-- AlterTable
ALTER TABLE "MailboxMessage" ADD COLUMN     "readers" TEXT NOT NULL DEFAULT 'ADDRESSEE',
ADD COLUMN     "readersRole" TEXT;


-- Messages already in the mailbox: client-facing ones stay readable by the whole agency, a staff
-- invitation only by Owners (the strictest reading, since its role is not stored here), the rest
-- (mail to a staff account) only by the account it was sent to.
UPDATE "MailboxMessage" SET "readers" = 'AGENCY'
  WHERE "outboundEmailId" IN (SELECT "id" FROM "OutboundEmail" WHERE "template" IN ('link-invitation', 'client-reminder', 'access-ended'));
UPDATE "MailboxMessage" SET "readers" = 'INVITERS', "readersRole" = 'OWNER'
  WHERE "outboundEmailId" IN (SELECT "id" FROM "OutboundEmail" WHERE "template" = 'staff-invitation');
