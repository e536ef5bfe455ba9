import { z } from "zod";

import { email } from "~/modules/auth/schemas";
import { hotjar } from "~/modules/platforms/hotjar";

const optionalUrl = z
  .string()
  .trim()
  .max(300, "Keep the URL under 300 characters")
  .refine((v) => v === "" || /^https?:\/\/[^\s]+\.[^\s]+$/.test(v), "Enter a full URL, like https://shop.example.com")
  .transform((v) => v || null);

export const SiteSchema = z.object({
  hotjarSiteId: hotjar.siteIdSchema,
  name: z.string().trim().min(1, "Name the site").max(100, "Keep it under 100 characters"),
  url: optionalUrl,
});

export const ClientSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the client's name").max(100, "Keep it under 100 characters"),
    contactName: z.string().trim().min(1, "Enter the contact's name").max(100, "Keep it under 100 characters"),
    contactEmail: email,
    hotjarOrganizationId: z.union([z.literal(""), hotjar.organizationIdSchema]).transform((v) => v || null),
    sites: z.array(SiteSchema).max(50, "At most 50 sites per client"),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.sites.forEach((site, i) => {
      if (seen.has(site.hotjarSiteId)) {
        ctx.addIssue({ code: "custom", path: ["sites", i, "hotjarSiteId"], message: "This site ID is listed twice" });
      }
      seen.add(site.hotjarSiteId);
    });
  });

export type ClientInput = z.infer<typeof ClientSchema>;

/**
 * Turns the form's rows (`sites[0].hotjarSiteId`, ...) into the schema's shape; rows left
 * entirely blank are dropped so an empty spare row is not an error.
 */
export function clientFormInput(values: Record<string, string>) {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(values)) {
    const m = /^sites\[(\d{1,2})\]\.(hotjarSiteId|name|url)$/.exec(key);
    if (!m) continue;
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2]!] = value;
    rows.set(Number(m[1]), row);
  }
  const sites = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => ({ hotjarSiteId: row.hotjarSiteId ?? "", name: row.name ?? "", url: row.url ?? "" }))
    .filter((row) => row.hotjarSiteId.trim() || row.name.trim() || row.url.trim());
  return {
    name: values.name ?? "",
    contactName: values.contactName ?? "",
    contactEmail: values.contactEmail ?? "",
    hotjarOrganizationId: values.hotjarOrganizationId ?? "",
    sites,
  };
}

/** Maps zod's nested paths to the form's field names (`sites.0.name` -> `sites[0].name`). */
export function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
