/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The Express server is compiled with the app into build/index.js: one bundle, one copy of
  // each module (scripts/start.mjs runs it with plain node).
  server: "server/index.ts",
  serverBuildPath: "build/index.js",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
