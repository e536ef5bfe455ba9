import { z } from "zod";

export const RequestedSitesSchema = z.array(z.object({ hotjarSiteId: z.string(), name: z.string(), url: z.string().nullable() }));
export type RequestedSite = z.infer<typeof RequestedSitesSchema>[number];

/** The snapshot of requested sites stored on a link as JSON text. */
export function parseRequestedSites(json: string): RequestedSite[] {
  const parsed = RequestedSitesSchema.safeParse(JSON.parse(json || "[]"));
  return parsed.success ? parsed.data : [];
}
