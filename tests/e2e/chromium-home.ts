// Where Chromium keeps its home, config, cache and temporary files during the end-to-end run: a
// short folder made under the OS temp directory, never inside the project. Chromium's singleton
// socket lives there, and a Unix socket path over 108 bytes kills the browser ("Socket path too
// long") whenever the project is cloned at a deep path (issue 13, finding 4).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The environment Chromium is launched with; the folder is removed when this process exits. */
export function chromiumEnvironment(): Record<string, string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "portal-chromium-"));
  fs.mkdirSync(path.join(home, "tmp"));
  process.once("exit", () => fs.rmSync(home, { recursive: true, force: true }));
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    TMPDIR: path.join(home, "tmp"),
  };
}
