import { z } from "zod";

/** A six-digit code from the app, or a recovery code (spaces and dashes allowed). */
export const SecondFactorCodeSchema = z.object({
  code: z
    .string({ required_error: "Enter the code from your app" })
    .trim()
    .min(1, "Enter the code from your app")
    .max(40, "That is not a code from your app or a recovery code"),
  redirectTo: z.string().optional(),
});
