-- DropForeignKey
ALTER TABLE "LinkPageCache" DROP CONSTRAINT "LinkPageCache_linkId_fkey";

-- DropTable
DROP TABLE "LinkPageCache";

