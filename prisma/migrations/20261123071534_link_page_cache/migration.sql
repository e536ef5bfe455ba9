-- CreateTable
CREATE TABLE "LinkPageCache" (
    "linkId" TEXT NOT NULL PRIMARY KEY,
    "build" TEXT NOT NULL,
    "stamp" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LinkPageCache_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "OnboardingLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

