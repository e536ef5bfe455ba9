// `npm run dev`: the development loop. `remix watch` rebuilds the server and the app on every
// change, and node restarts the compiled server whenever the build changes.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildIfNeeded, SERVER_BUILD } from "./build.mjs";

process.env.NODE_ENV ??= "development";
buildIfNeeded();
const remix = path.join(process.cwd(), "node_modules", ".bin", "remix");
const children = [
  spawn(remix, ["watch"], { stdio: "inherit" }),
  spawn(process.execPath, ["--watch-path", path.dirname(SERVER_BUILD), SERVER_BUILD], { stdio: "inherit" }),
];
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(0);
  });
}
