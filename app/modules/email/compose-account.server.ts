import type { OutboundEmail } from "@prisma/client";
import { z } from "zod";

import { formatDateTime } from "~/components/dates";
import { sendableAccountToken } from "~/modules/auth/account-token.server";
import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";

import { renderEmail } from "../../../emails/render";
import type { EmailTemplateName, RenderedEmail } from "../../../emails/types";

// The staff account's own emails (docs/decisions/046), rendered at send time: a reset or
// verification link whose token was used, superseded or expired meanwhile is not sent.

export const ACCOUNT_TEMPLATES: readonly EmailTemplateName[] = ["password-reset", "verify-email", "email-changed"];

type Rendered = { ok: true; email: RenderedEmail } | { ok: false; reason: string };

export async function composeAccountEmail(row: OutboundEmail, now: Date): Promise<Rendered> {
  const payload = JSON.parse(row.payload || "{}");
  if (row.template === "email-changed") {
    const { oldEmail, newEmail } = z.object({ oldEmail: z.string(), newEmail: z.string() }).parse(payload);
    const user = await db.user.findUnique({ where: { email: newEmail }, select: { name: true } });
    if (!user) return { ok: false, reason: "the account no longer exists" };
    return {
      ok: true,
      email: await renderEmail("email-changed", { name: user.name, oldEmail, newEmail, at: formatDateTime(row.createdAt) }),
    };
  }
  const { accountTokenId } = z.object({ accountTokenId: z.string() }).parse(payload);
  const sendable = await sendableAccountToken(db, accountTokenId, now);
  if (!sendable) return { ok: false, reason: "the link was used, replaced or expired: not sent" };
  const { row: token, token: secret } = sendable;
  const expiresAt = formatDateTime(token.expiresAt);
  const base = getEnv().PUBLIC_URL;
  if (row.template === "password-reset") {
    return {
      ok: true,
      email: await renderEmail("password-reset", { name: token.user.name, url: `${base}/reset-password/${secret}`, expiresAt }),
    };
  }
  const change = token.email !== token.user.email;
  if (!change && token.user.emailVerifiedAt) return { ok: false, reason: "the address is already verified: not sent" };
  return {
    ok: true,
    email: await renderEmail("verify-email", {
      name: token.user.name,
      email: token.email,
      url: `${base}/verify-email/${secret}`,
      expiresAt,
      change,
    }),
  };
}
