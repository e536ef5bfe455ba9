-- DropIndex
DROP INDEX "OnboardingLink_agencyId_createdAt_idx";

-- DropIndex
DROP INDEX "Grant_agencyId_status_idx";

-- DropIndex
DROP INDEX "Event_agencyId_createdAt_idx";

-- CreateIndex
CREATE INDEX "OnboardingLink_agencyId_createdAt_id_idx" ON "OnboardingLink"("agencyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "OnboardingLink_agencyId_status_createdAt_id_idx" ON "OnboardingLink"("agencyId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "OnboardingLink_agencyId_newLinkRequestedAt_idx" ON "OnboardingLink"("agencyId", "newLinkRequestedAt");

-- CreateIndex
CREATE INDEX "OnboardingLink_status_expiresAt_expiryRecordedAt_idx" ON "OnboardingLink"("status", "expiresAt", "expiryRecordedAt");

-- CreateIndex
CREATE INDEX "OnboardingLink_accessEndsAt_idx" ON "OnboardingLink"("accessEndsAt");

-- CreateIndex
CREATE INDEX "Grant_agencyId_status_reviewAt_idx" ON "Grant"("agencyId", "status", "reviewAt");

-- CreateIndex
CREATE INDEX "Grant_agencyId_status_removalConfirmedAt_revokedAt_idx" ON "Grant"("agencyId", "status", "removalConfirmedAt", "revokedAt");

-- CreateIndex
CREATE INDEX "Grant_status_invitedAt_idx" ON "Grant"("status", "invitedAt");

-- CreateIndex
CREATE INDEX "Event_agencyId_createdAt_id_idx" ON "Event"("agencyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Event_clientId_createdAt_id_idx" ON "Event"("clientId", "createdAt", "id");

