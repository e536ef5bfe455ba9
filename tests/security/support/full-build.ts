// The app's real route table (as `remix build` derives it from app/routes, layouts included)
// with the real route modules, for suites that walk every route through the real Express app.
import path from "node:path";

import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import type { ServerBuild } from "@remix-run/node";

import * as root from "~/root";

import { buildFromRoutes } from "../../support/remix-build";

export type RouteEntry = { id: string; parentId?: string; path?: string; index?: boolean; file: string };

export function routeManifest(): Record<string, RouteEntry> {
  return flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.{ts,tsx}"]) as unknown as Record<string, RouteEntry>;
}

export async function fullBuild(): Promise<{
  build: ServerBuild;
  routes: Record<string, RouteEntry>;
  modules: Record<string, Record<string, unknown>>;
}> {
  const routes = routeManifest();
  const modules: Record<string, Record<string, unknown>> = { root: root as Record<string, unknown> };
  for (const r of Object.values(routes))
    modules[r.id] = (await import(/* @vite-ignore */ path.resolve("app", r.file))) as Record<string, unknown>;
  const build = buildFromRoutes([
    { id: "root", path: "", module: modules.root! },
    ...Object.values(routes).map((r) => ({
      id: r.id,
      parentId: r.parentId ?? "root",
      path: r.path,
      index: r.index,
      module: modules[r.id]!,
    })),
  ]);
  return { build, routes, modules };
}
