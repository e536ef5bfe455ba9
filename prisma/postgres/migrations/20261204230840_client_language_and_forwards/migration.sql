-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "OnboardingLink" ADD COLUMN     "forwardedTo" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "locale" TEXT;

