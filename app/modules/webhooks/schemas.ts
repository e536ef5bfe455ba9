import { z } from "zod";

import { WEBHOOK_EVENT_TYPES } from "./event-kinds";

/** The endpoint form (add and edit): the scheme and address rules are checked by endpoints.server.ts. */
export const EndpointSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Enter the address that receives the webhooks")
    .max(2000, "Keep the address under 2000 characters")
    .url("Enter a full address such as https://crm.example.com/hooks/portal"),
  description: z
    .string()
    .trim()
    .max(200, "Keep it under 200 characters")
    .optional()
    .transform((v) => v || null),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]])).min(1, "Choose at least one event"),
});
export type EndpointInput = z.infer<typeof EndpointSchema>;
