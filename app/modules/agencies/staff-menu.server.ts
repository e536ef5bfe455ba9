import { getEnv } from "~/modules/env/env.server";

import { can } from "./permissions";

/**
 * The sections of the staff menu a member with `role` sees: each one the permission its page
 * asks for; the mailbox only while no email provider is configured (docs/decisions/015).
 */
export function staffMenuFor(role: string): { mailbox: boolean; team: boolean; audit: boolean; settings: boolean } {
  return {
    mailbox: !getEnv().RESEND_API_KEY,
    team: can(role, "team:manage"),
    audit: can(role, "audit:read"),
    settings: can(role, "settings:write"),
  };
}
