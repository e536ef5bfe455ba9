// `npm start`: builds the server and the app when stale, then runs the compiled server with
// plain node (no TypeScript loader at run time). The portal on the embedded SQLite default,
// with no configuration needed.
import { pathToFileURL } from "node:url";
import { buildIfNeeded, SERVER_BUILD } from "./build.mjs";

// Before the build is loaded: React and others choose their production code when first imported.
process.env.NODE_ENV ??= "production";
buildIfNeeded();
await import(pathToFileURL(SERVER_BUILD).href);
