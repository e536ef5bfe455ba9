// Builds the server and the app (`remix build`: server/index.ts and app/ into build/index.js,
// the browser's assets into public/build) when any of their sources is newer than the build.
// Plain JavaScript: `npm start` runs it with node, before anything is compiled.
//   node scripts/build.mjs        build when stale
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_BUILD = path.join(root, "build", "index.js");
const SOURCES = ["app", "server", "emails", "remix.config.js", "tailwind.config.ts", "package-lock.json"];

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}

export function isBuildStale() {
  if (!fs.existsSync(SERVER_BUILD)) return true;
  const sources = Math.max(
    ...SOURCES.map((name) => path.join(root, name))
      .filter((p) => fs.existsSync(p))
      .map(newestMtime),
  );
  return fs.statSync(SERVER_BUILD).mtimeMs < sources;
}

export function buildIfNeeded() {
  if (!isBuildStale()) return;
  const remix = path.join(root, "node_modules", ".bin", "remix");
  if (!fs.existsSync(remix)) throw new Error("build/ is missing or stale and @remix-run/dev is not installed: run npm install");
  console.log("building the app...");
  execFileSync(remix, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildIfNeeded();
