// Where Chromium keeps its home, config, cache and temporary files during the end-to-end run: a
// short folder under the OS temp directory, never inside the project. Chromium's singleton
// socket lives there, and a Unix socket path over 108 bytes kills the browser ("Socket path too
// long") whenever the project is cloned at a deep path (issue 13, finding 4).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The environment Chromium is launched with. One folder per checkout, named by a hash of its
 * path: runs reuse it instead of leaving a new one behind (Playwright ends its workers without
 * an exit hook), and two checkouts never share one.
 */
export function chromiumEnvironment(project = process.cwd()): Record<string, string> {
  const home = path.join(os.tmpdir(), `portal-chromium-${createHash("sha256").update(project).digest("hex").slice(0, 12)}`);
  fs.mkdirSync(path.join(home, "tmp"), { recursive: true });
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    TMPDIR: path.join(home, "tmp"),
  };
}
