-- CreateIndex
CREATE INDEX "OnboardingLink_funnel_idx" ON "OnboardingLink"("agencyId", "createdAt", "completedAt", "firstOpenedAt", "declinedAt", "id");

-- CreateIndex
CREATE INDEX "Grant_agencyId_status_invitedAt_idx" ON "Grant"("agencyId", "status", "invitedAt");

