// Small text helpers shared by the templates and their subject lines.
import type { RequestSummary } from "../types";

/** "Viewer" from 'Viewer ("Read Only")': the short role name for subject lines. */
export function roleShortName(roleLabel: string): string {
  const short = roleLabel.replace(/\s*\(.*$/, "").trim();
  return short || roleLabel.trim();
}

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

/** "Site name (site ID 123)" items, or null when the client chooses the site. */
export function siteLines(sites: RequestSummary["sites"]): string[] | null {
  if (sites.length === 0) return null;
  return sites.map((site) => `${site.name} (site ID ${site.hotjarSiteId})`);
}

/** "your Hotjar site" or "your Hotjar sites". */
export function yourSites(sites: RequestSummary["sites"]): string {
  return sites.length > 1 ? "your Hotjar sites" : "your Hotjar site";
}
