import { z } from "zod";

/** A colleague the client sent the link to. Stored on the link as JSON text (OnboardingLink.forwardedTo). */
export const LinkForwardsSchema = z.array(z.object({ email: z.string(), name: z.string().nullable(), at: z.string() }));
export type LinkForward = z.infer<typeof LinkForwardsSchema>[number];

/** How many colleagues one link may be forwarded to in all; the rate limit also caps it per hour. */
export const MAX_FORWARDS_PER_LINK = 5;

export function parseForwards(json: string): LinkForward[] {
  const parsed = LinkForwardsSchema.safeParse(JSON.parse(json || "[]"));
  return parsed.success ? parsed.data : [];
}
