import { z } from "zod";

export const email = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(254, "Email is too long")
  .email("Enter a valid email address, like name@example.com");

export const SignupSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Keep it under 100 characters"),
  email,
  password: z
    .string()
    .min(10, "Use at least 10 characters")
    .max(200, "Use at most 200 characters"),
  agencyName: z.string().trim().min(2, "Enter your agency's name").max(100, "Keep it under 100 characters"),
  granteeEmail: z.union([z.literal(""), email]).optional(),
});

export const LoginSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password").max(200),
  redirectTo: z.string().optional(),
});

/** Only same-site paths: an open redirect after login is a phishing tool. */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
