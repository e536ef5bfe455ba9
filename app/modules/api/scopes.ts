import { z } from "zod";

/** What an API key may do (issue 18); each endpoint names the one it needs. Shared with the keys page. */
export const API_SCOPES = [
  "clients:read",
  "clients:write",
  "links:read",
  "links:write",
  "grants:read",
  "grants:write",
  "events:read",
] as const;
export const ApiScopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof ApiScopeSchema>;
