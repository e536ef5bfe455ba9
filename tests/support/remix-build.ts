// A Remix server build made in memory from route modules, for tests that need the whole request
// path (Express, Remix, entry.server, the root ErrorBoundary) without running `remix build`:
// the real entry.server.tsx and root.tsx, plus whatever routes the test passes (real modules
// from app/routes or small ones of its own).
import type { ServerBuild } from "@remix-run/node";

import * as entryServer from "~/entry.server";
import * as root from "~/root";

export type TestRoute = { id: string; path?: string; index?: boolean; module: Record<string, unknown> };
export type BuildRoute = TestRoute & { parentId?: string };

/** A production ServerBuild of `routes` (root included), served by the real entry.server. */
export function buildFromRoutes(routes: BuildRoute[]): ServerBuild {
  const serverRoutes = Object.fromEntries(
    routes.map((r) => [r.id, { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: undefined, module: r.module }]),
  );
  const assetRoutes = Object.fromEntries(
    routes.map((r) => [
      r.id,
      {
        id: r.id,
        parentId: r.parentId,
        path: r.path,
        index: r.index,
        module: `/build/${r.id}.js`,
        imports: [],
        hasAction: typeof r.module.action === "function",
        hasLoader: typeof r.module.loader === "function",
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: typeof r.module.ErrorBoundary === "function",
      },
    ]),
  );
  return {
    mode: "production",
    entry: { module: entryServer },
    routes: serverRoutes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes, url: "/build/manifest.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: false,
      v3_singleFetch: false,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

/** The real root plus the test's routes, each a direct child of root. */
export function testBuild(routes: TestRoute[]): ServerBuild {
  return buildFromRoutes([
    { id: "root", path: "", module: root as Record<string, unknown> },
    ...routes.map((r) => ({ ...r, parentId: "root" })),
  ]);
}
