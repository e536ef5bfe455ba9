// Small text helpers shared by the templates and their subject lines.
import type { RequestSummary } from "../types";
import { ENGLISH, type IntlShape, say } from "./words";

/** One line of text, safe for a mail header: no CR/LF or other control characters, spaces collapsed. */
export function oneLine(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** "Site name (site ID 123)", or "site ID 123" when the name is not known. */
export function siteLine(site: { hotjarSiteId: string; name: string | null }, intl: IntlShape = ENGLISH): string {
  return site.name
    ? say(intl, "site.named", { name: site.name, id: site.hotjarSiteId })
    : say(intl, "site.unnamed", { id: site.hotjarSiteId });
}

/** The sites' lines, or null when the client chooses the site. */
export function siteLines(sites: RequestSummary["sites"], intl: IntlShape = ENGLISH): string[] | null {
  if (sites.length === 0) return null;
  return sites.map((site) => siteLine(site, intl));
}

/** The `count` of "your Hotjar site(s)": one when the client picks the site. */
export function siteCount(sites: RequestSummary["sites"]): number {
  return Math.max(sites.length, 1);
}
