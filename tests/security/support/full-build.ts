// The app's real route table (as `remix build` derives it from app/routes, layouts included)
// with the real route modules, for suites that walk every route through the real Express app.
import path from "node:path";
import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import type { ServerBuild } from "@remix-run/node";
import * as entryServer from "~/entry.server";
import * as root from "~/root";

export type RouteEntry = { id: string; parentId?: string; path?: string; index?: boolean; file: string };

export function routeManifest(): Record<string, RouteEntry> {
  return flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.{ts,tsx}"]) as unknown as Record<string, RouteEntry>;
}

export async function fullBuild(): Promise<{ build: ServerBuild; routes: Record<string, RouteEntry>; modules: Record<string, Record<string, unknown>> }> {
  const routes = routeManifest();
  const modules: Record<string, Record<string, unknown>> = { root: root as Record<string, unknown> };
  for (const r of Object.values(routes)) modules[r.id] = (await import(/* @vite-ignore */ path.resolve("app", r.file))) as Record<string, unknown>;
  const all = [{ id: "root", path: "", parentId: undefined, index: undefined }, ...Object.values(routes).map((r) => ({ ...r, parentId: r.parentId ?? "root" }))];
  const serverRoutes = Object.fromEntries(
    all.map((r) => [r.id, { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: undefined, module: modules[r.id] }]),
  );
  const assetRoutes = Object.fromEntries(
    all.map((r) => {
      const m = modules[r.id]!;
      return [
        r.id,
        {
          id: r.id,
          parentId: r.parentId,
          path: r.path,
          index: r.index,
          module: `/build/${r.id}.js`,
          imports: [],
          hasAction: typeof m.action === "function",
          hasLoader: typeof m.loader === "function",
          hasClientAction: false,
          hasClientLoader: false,
          hasErrorBoundary: typeof m.ErrorBoundary === "function",
        },
      ];
    }),
  );
  const build = {
    mode: "production",
    entry: { module: entryServer },
    routes: serverRoutes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes, url: "/build/manifest.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: false, v3_singleFetch: false },
    isSpaMode: false,
  } as unknown as ServerBuild;
  return { build, routes, modules };
}
