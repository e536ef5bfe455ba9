import { z } from "zod";

import { email } from "~/modules/auth/schemas";

/** The roles an invitation can give: ownership moves only by transfer, never by invitation. */
export const INVITABLE_ROLES = ["ADMIN", "MEMBER"] as const;

export const InviteSchema = z.object({
  email,
  role: z.enum(INVITABLE_ROLES, { errorMap: () => ({ message: "Choose Admin or Member" }) }),
});

export const ChangeRoleSchema = z.object({
  userId: z.string().min(1),
  role: z.enum(["OWNER", "ADMIN", "MEMBER"], { errorMap: () => ({ message: "Choose a role" }) }),
});

export const AcceptWithSignupSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Keep it under 100 characters"),
  password: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
});
