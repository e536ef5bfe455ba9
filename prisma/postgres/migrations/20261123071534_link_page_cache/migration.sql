-- CreateTable
CREATE TABLE "LinkPageCache" (
    "linkId" TEXT NOT NULL,
    "build" TEXT NOT NULL,
    "stamp" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LinkPageCache_pkey" PRIMARY KEY ("linkId")
);

-- AddForeignKey
ALTER TABLE "LinkPageCache" ADD CONSTRAINT "LinkPageCache_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "OnboardingLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

