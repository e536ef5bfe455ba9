import { z } from "zod";

export const email = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(254, "Email is too long")
  .email("Enter a valid email address, like name@example.com");

/** The rule for every password a user chooses. */
export const newPassword = z
  .string({ required_error: "Enter a password" })
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const SignupSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Keep it under 100 characters"),
  email,
  password: newPassword,
  agencyName: z.string().trim().min(2, "Enter your agency's name").max(100, "Keep it under 100 characters"),
  granteeEmail: z.union([z.literal(""), email]).optional(),
});

export const LoginSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password").max(200),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password" }).min(1, "Enter your current password").max(200),
    newPassword,
    confirmPassword: z.string({ required_error: "Type the new password again" }).max(200),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same" });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password different from your current one" });
    }
  });

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({
    newPassword,
    confirmPassword: z.string({ required_error: "Type the new password again" }).max(200),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same" });
    }
  });

export const ChangeEmailSchema = z.object({
  newEmail: email,
  currentPassword: z.string({ required_error: "Enter your current password" }).min(1, "Enter your current password").max(200),
});
