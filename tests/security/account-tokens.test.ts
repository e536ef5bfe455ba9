// Token attacks on the emailed account links (docs/decisions/046), against the real server
// process: /reset-password/<token> and /verify-email/<token> refuse forged, truncated, padded,
// case-flipped and foreign tokens (404 "not valid"), a token of the other purpose, an invitation
// token and an onboarding-link token; a genuine expired one is 410 "expired", a replayed one 410
// "already used", and none of the refused posts writes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { issueAccountToken } from "~/modules/auth/account-token.server";
import { db } from "~/modules/db/db.server";
import { scrub, scrubPath } from "~/modules/http/logger.server";
import { generateKeyRingEntry, parseKeyRing, signLinkToken } from "~/modules/links/token.server";
import { invitationToken } from "~/modules/team/invitation-token.server";

import { makeAgency, makeClient, makeLink, mangle, type TestAgency } from "../integration/helpers";
import { DESKTOP, freePort, startServer, stopServers } from "./support/server-process";

const HOUR = 60 * 60 * 1000;
const PAGES = ["reset-password", "verify-email"] as const;
type PageName = (typeof PAGES)[number];
const PURPOSE = { "reset-password": "password-reset", "verify-email": "verify-email" } as const;

let origin: string;
let owner: TestAgency;
const figures = { tried: 0, refused: 0 };

async function issue(purpose: "PASSWORD_RESET" | "VERIFY_EMAIL", lifetimeMs = HOUR, user = owner) {
  return db.$transaction((tx) => issueAccountToken(tx, { userId: user.userId, purpose, email: user.email, lifetimeMs }));
}

async function open(page: PageName, token: string) {
  const response = await fetch(`${origin}/${page}/${token}`, { redirect: "manual", headers: { "User-Agent": DESKTOP } });
  return { status: response.status, body: await response.text() };
}

function post(page: PageName, token: string, fields: Record<string, string> = {}) {
  return fetch(`${origin}/${page}/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "User-Agent": DESKTOP, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

const NEW_PASSWORD = { newPassword: "an attacker's password", confirmPassword: "an attacker's password" };

/** What a refused token must leave as it was: the password, the verification, the address. */
async function accountState() {
  const user = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
  return { passwordHash: user.passwordHash, emailVerifiedAt: user.emailVerifiedAt, email: user.email };
}

/** Refused as not valid on the page (GET) and on the form (POST), with nothing written. */
async function expectInvalid(page: PageName, label: string, token: string) {
  figures.tried++;
  const before = await accountState();
  const shown = await open(page, token);
  expect(shown.status, `${page} ${label}`).toBe(404);
  expect(shown.body, label).toContain("This link is not valid");
  const posted = await post(page, token, page === "reset-password" ? NEW_PASSWORD : {});
  expect(posted.status, `${page} ${label} (POST)`).toBe(404);
  expect(await accountState(), label).toEqual(before);
  figures.refused++;
}

beforeAll(async () => {
  owner = await makeAgency("Account Token Agency", { verified: false });
  ({ origin } = await startServer(await freePort()));
}, 90_000);

afterAll(async () => {
  await stopServers();
  console.log(`account tokens: ${figures.tried} tokens tried on the reset and verification pages, ${figures.refused} refused`);
});

describe("control: genuine tokens open their own page", () => {
  it("a reset token shows the form, a verification token its button", async () => {
    const reset = await issue("PASSWORD_RESET");
    const verify = await issue("VERIFY_EMAIL");
    const resetPage = await open("reset-password", reset.token);
    expect(resetPage.status).toBe(200);
    expect(resetPage.body).toContain("Choose a new password");
    const verifyPage = await open("verify-email", verify.token);
    expect(verifyPage.status).toBe(200);
    expect(verifyPage.body).toContain("Verify my address");
  });
});

describe("forged and mangled tokens: 404 not valid, nothing written", () => {
  it("forged, truncated, padded and case-flipped, on both pages", async () => {
    for (const [page, purpose] of [
      ["reset-password", "PASSWORD_RESET"],
      ["verify-email", "VERIFY_EMAIL"],
    ] as const) {
      const { token } = await issue(purpose);
      await expectInvalid(page, "MAC changed", mangle(token));
      await expectInvalid(page, "MAC of zeros", token.slice(0, token.lastIndexOf(".") + 1) + "A".repeat(43));
      for (const n of [1, 8, Math.floor(token.length / 2), token.length - 43, token.length - 1]) {
        await expectInvalid(page, `truncated to ${n}`, token.slice(0, n));
      }
      for (const pad of ["A", "=", ".x", "A".repeat(120)]) await expectInvalid(page, `padded with ${pad.slice(0, 4)}`, token + pad);
      let flipped = 0;
      for (let i = 0; i < token.length && flipped < 12; i++) {
        const c = token[i]!;
        const f = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
        if (f === c) continue;
        await expectInvalid(page, `case flipped at ${i}`, token.slice(0, i) + f + token.slice(i + 1));
        flipped++;
      }
      // The row's claims signed by a key the portal does not hold.
      const row = await db.accountToken.findUniqueOrThrow({ where: { id: token.split(".")[0]! } });
      const foreign = parseKeyRing(generateKeyRingEntry("kx"));
      await expectInvalid(
        page,
        "foreign key",
        signLinkToken(foreign, { linkId: row.id, version: 0, expiresAt: row.expiresAt }, PURPOSE[page]),
      );
    }
  });
});

describe("a token of another purpose: 404 not valid, nothing written", () => {
  it("a reset token on /verify-email, and a verification token on /reset-password", async () => {
    await expectInvalid("verify-email", "reset token", (await issue("PASSWORD_RESET")).token);
    await expectInvalid("reset-password", "verification token", (await issue("VERIFY_EMAIL")).token);
  });

  it("an onboarding-link token and a staff-invitation token, on both pages", async () => {
    const verified = await makeAgency("Inviting Agency");
    const link = await makeLink(verified, (await makeClient(verified)).id);
    const invitation = await db.staffInvitation.create({
      data: {
        agencyId: verified.agencyId,
        email: "invitee@agency.example",
        role: "MEMBER",
        expiresAt: new Date(Math.floor((Date.now() + 7 * 24 * HOUR) / 1000) * 1000),
        invitedById: verified.userId,
        tokenHash: `test-${Date.now()}`,
      },
    });
    for (const page of PAGES) {
      await expectInvalid(page, "onboarding-link token", link.token);
      await expectInvalid(page, "invitation token", invitationToken(invitation));
      // The signature of a link, over an account token's own id.
      const row = await db.accountToken.findFirstOrThrow({ where: { userId: owner.userId } });
      const ring = parseKeyRing(process.env.LINK_SIGNING_KEYS!);
      await expectInvalid(page, "link-purpose signature", signLinkToken(ring, { linkId: row.id, version: 0, expiresAt: row.expiresAt }));
    }
  });
});

describe("genuine tokens no longer usable", () => {
  it("expired: 410 'expired', and the form changes nothing", async () => {
    for (const [page, purpose] of [
      ["reset-password", "PASSWORD_RESET"],
      ["verify-email", "VERIFY_EMAIL"],
    ] as const) {
      const { token } = await issue(purpose, -HOUR);
      const before = await accountState();
      const shown = await open(page, token);
      expect(shown.status).toBe(410);
      expect(shown.body).toContain("This link has expired");
      expect((await post(page, token, NEW_PASSWORD)).status).toBe(410);
      expect(await accountState()).toEqual(before);
    }
  });

  it("replayed: the reset works once, then 410 'already used'; so does the verification", async () => {
    const reset = await issue("PASSWORD_RESET");
    expect((await post("reset-password", reset.token, NEW_PASSWORD)).status).toBe(303);
    const after = await accountState();
    const again = await open("reset-password", reset.token);
    expect(again.status).toBe(410);
    expect(again.body).toContain("This link was already used");
    expect(
      (await post("reset-password", reset.token, { newPassword: "third password here", confirmPassword: "third password here" })).status,
    ).toBe(410);
    expect((await accountState()).passwordHash).toBe(after.passwordHash);

    const verify = await issue("VERIFY_EMAIL");
    expect((await post("verify-email", verify.token)).status).toBe(200);
    expect((await open("verify-email", verify.token)).status).toBe(410);
    expect((await post("verify-email", verify.token)).status).toBe(410);
  });

  it("superseded: only the newest link works", async () => {
    const first = await issue("PASSWORD_RESET");
    const second = await issue("PASSWORD_RESET");
    const shown = await open("reset-password", first.token);
    expect(shown.status).toBe(410);
    expect(shown.body).toContain("A newer link replaced this one");
    expect((await open("reset-password", second.token)).status).toBe(200);
  });
});

describe("logs", () => {
  it("a token in a path or in text is scrubbed", async () => {
    const { token } = await issue("PASSWORD_RESET");
    expect(scrubPath(`/reset-password/${token}`)).not.toContain(token);
    expect(scrub(`GET ${origin}/verify-email/${token} failed`)).not.toContain(token);
  });
});
