import path from "node:path";
import { fileURLToPath } from "node:url";

/** tests/.tmp (git-ignored): the migrated template and one database per test file. */
export const TMP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ".tmp");
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");
