import { z } from "zod";

import { email } from "~/modules/auth/schemas";
import { LocaleChoiceSchema } from "~/modules/links/schemas";
import { hotjar, HOTJAR_SITE_ID_INPUT_HELP, hotjarSiteIdFrom } from "~/modules/platforms/hotjar";

import { isBlankSiteRow, MAX_SITES_PER_CLIENT, siteRowsFromValues, TOO_MANY_SITES } from "./site-rows";
import { WEBSITE_URL_INPUT_HELP, websiteUrlFrom } from "./website-url";

/** A site id typed as digits or pasted as the site's Hotjar address; stored as the digits. */
const hotjarSiteId = z.string().transform((value, ctx) => {
  const id = hotjarSiteIdFrom(value);
  if (id === null) {
    ctx.addIssue({ code: "custom", message: HOTJAR_SITE_ID_INPUT_HELP });
    return z.NEVER;
  }
  return id;
});

/** Optional; `acmeshoes.com` is stored as `https://acmeshoes.com`. */
const optionalWebsite = z
  .string()
  .trim()
  .max(300, "Keep the URL under 300 characters")
  .transform((value, ctx) => {
    if (value === "") return null;
    const url = websiteUrlFrom(value);
    if (url === null) {
      ctx.addIssue({ code: "custom", message: WEBSITE_URL_INPUT_HELP });
      return z.NEVER;
    }
    return url;
  });

export const SiteSchema = z.object({
  hotjarSiteId,
  name: z.string().trim().min(1, "Name the site").max(100, "Keep it under 100 characters"),
  url: optionalWebsite,
});

export const ClientSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the client's name").max(100, "Keep it under 100 characters"),
    contactName: z.string().trim().min(1, "Enter the contact's name").max(100, "Keep it under 100 characters"),
    contactEmail: email,
    hotjarOrganizationId: z.union([z.literal(""), hotjar.organizationIdSchema]).transform((v) => v || null),
    // Empty: the agency's language (Settings).
    locale: LocaleChoiceSchema,
    sites: z.array(SiteSchema).max(MAX_SITES_PER_CLIENT, TOO_MANY_SITES),
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
 * Turns the form's rows (`sites[0].hotjarSiteId`, ...) into the schema's shape. Rows left
 * entirely blank are dropped so an empty spare row is not an error; `rowOf[i]` is the form row
 * that `sites[i]` came from, to put each error next to the field it is about.
 */
export function clientFormInput(values: Record<string, string>) {
  const rows = siteRowsFromValues(values);
  const rowOf = rows.flatMap((row, i) => (isBlankSiteRow(row) ? [] : [i]));
  return {
    input: {
      name: values.name ?? "",
      contactName: values.contactName ?? "",
      contactEmail: values.contactEmail ?? "",
      hotjarOrganizationId: values.hotjarOrganizationId ?? "",
      locale: values.locale ?? "",
      sites: rowOf.map((i) => rows[i]!),
    },
    rowOf,
  };
}

/**
 * Maps zod's nested paths to the form's field names (`sites.0.name` -> `sites[0].name`), the
 * site's number taken through `rowOf` when given.
 */
export function fieldName(path: (string | number)[], rowOf?: number[]): string {
  const mapped = path[0] === "sites" && typeof path[1] === "number" ? ["sites", rowOf?.[path[1]] ?? path[1], ...path.slice(2)] : path;
  return mapped.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
