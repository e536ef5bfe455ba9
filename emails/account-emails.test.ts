// The staff account's own emails (docs/decisions/046): what they say, in HTML and in plain text.
import { describe, expect, it } from "vitest";

import { renderEmail } from "./render";

const RESET_URL =
  "https://portal.example/reset-password/0cdc841bb45e543fca323ff304bb7065.0.tpjtbb.k1.G9FCcAMChY6MI7whIlPspa6QfhubA3sC7DkjQzVMcmQ";
const VERIFY_URL =
  "https://portal.example/verify-email/0cdc841bb45e543fca323ff304bb7065.0.tpjtbb.k1.G9FCcAMChY6MI7whIlPspa6QfhubA3sC7DkjQzVMcmQ";

describe("account emails", () => {
  it("password-reset: the link, its hour, and what it does", async () => {
    const email = await renderEmail("password-reset", { name: "Dana Demo", url: RESET_URL, expiresAt: "5 Dec 2026, 01:25 UTC" });
    expect(email.subject).toBe("Reset your password");
    for (const part of [email.html, email.text]) {
      expect(part).toContain(RESET_URL);
      expect(part).toContain("5 Dec 2026, 01:25 UTC");
    }
    expect(email.text).toContain("Choosing a new password logs your account out everywhere.");
    expect(email.text).toContain("If you did not ask for it, ignore this email");
  });

  it("verify-email: sign-up's, and a new address's", async () => {
    const own = await renderEmail("verify-email", {
      name: "Dana Demo",
      email: "dana@agency.example",
      url: VERIFY_URL,
      expiresAt: "6 Dec 2026, 00:25 UTC",
      change: false,
    });
    expect(own.subject).toBe("Verify your email address");
    expect(own.text).toContain(VERIFY_URL);
    expect(own.text).toContain("Until then you cannot invite staff or email clients.");
    const change = await renderEmail("verify-email", {
      name: "Dana Demo",
      email: "dana@new.example",
      url: VERIFY_URL,
      expiresAt: "6 Dec 2026, 00:25 UTC",
      change: true,
    });
    expect(change.subject).toBe("Confirm your new email address");
    expect(change.text).toContain("you asked to use dana@new.example for your account");
  });

  it("email-changed: both addresses, and what to do if it was not you", async () => {
    const email = await renderEmail("email-changed", {
      name: "Dana Demo",
      oldEmail: "dana@old.example",
      newEmail: "dana@new.example",
      at: "5 Dec 2026, 00:40 UTC",
    });
    expect(email.subject).toBe("Your account's email address was changed");
    expect(email.text).toContain("from dana@old.example to dana@new.example");
    expect(email.text).toContain("If you did not make this change");
  });
});
