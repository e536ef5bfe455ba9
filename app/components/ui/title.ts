import type { MetaDescriptor } from "@remix-run/node";

const PRODUCT = "Onboarding links";

/**
 * A page's browser title, most specific first: "Links · Demo Agency · Onboarding links". Every
 * page has its own, so tabs and history tell them apart.
 */
export function pageTitle(...parts: (string | null | undefined)[]): MetaDescriptor[] {
  return [{ title: [...parts.filter(Boolean), PRODUCT].join(" · ") }];
}

/** The agency's name from the staff layout's data, for a page's title. */
export function agencyNameFrom(matches: { id: string; data?: unknown }[]): string | undefined {
  const layout = matches.find((m) => m.id === "routes/a.$agency")?.data as { agency?: { name?: string } } | undefined;
  return layout?.agency?.name;
}
