import { z } from "zod";

/** A colleague the client sent the link to. Stored on the link as JSON text (OnboardingLink.forwardedTo). */
export const LinkForwardsSchema = z.array(z.object({ email: z.string(), name: z.string().nullable(), at: z.string() }));
export type LinkForward = z.infer<typeof LinkForwardsSchema>[number];

/** How many colleagues one link may be forwarded to in all; the rate limit also caps it per hour. */
export const MAX_FORWARDS_PER_LINK = 5;

/**
 * Whether the client may send this link to a colleague: never a link made through an intake link
 * (anyone can make one, so its forwards would let anyone send our email with their note to
 * strangers, docs/decisions/055). The page offers the form only where the server takes it.
 */
export function canBeForwarded(link: { intakeLinkId: string | null }): boolean {
  return link.intakeLinkId === null;
}

export function parseForwards(json: string): LinkForward[] {
  const parsed = LinkForwardsSchema.safeParse(JSON.parse(json || "[]"));
  return parsed.success ? parsed.data : [];
}
