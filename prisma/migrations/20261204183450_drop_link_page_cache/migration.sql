-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LinkPageCache";
PRAGMA foreign_keys=on;

