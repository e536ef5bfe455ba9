import { describe, expect, it } from "vitest";

import { LOCALES } from "../app/modules/i18n/locales";
import { renderEmail } from "./render";
import type {
  AccessEndedProps,
  AgencyNotificationKind,
  AgencyNotificationProps,
  Branding,
  ClientReminderKind,
  ClientReminderProps,
  LinkForwardedProps,
  LinkInvitationProps,
  RenderedEmail,
  RequestSummary,
} from "./types";

/** React's text/attribute escaping, to look for a value in the HTML. */
function esc(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** The HTML without React's text-node separators and inline emphasis, to match whole phrases. */
function flat(html: string): string {
  return html.replace(/<!-- -->/g, "").replace(/<\/?strong>/g, "");
}

function expectBoth(email: { html: string; text: string }, values: string[]) {
  for (const value of values) {
    expect(flat(email.html), `html should contain ${value}`).toContain(esc(value));
    expect(email.text, `text should contain ${value}`).toContain(value);
  }
}

function expectNeither(email: { html: string; text: string }, values: string[]) {
  for (const value of values) {
    expect(flat(email.html)).not.toContain(esc(value));
    expect(email.text).not.toContain(value);
  }
}

const branding: Branding = {
  agencyName: "Demo Agency",
  accentColor: "#0f766e",
  logoUrl: "https://cdn.demo-agency.example/logo.png",
};

const request: RequestSummary = {
  requesterName: "Dana Smith",
  roleLabel: 'Viewer ("Read Only")',
  sites: [
    { hotjarSiteId: "3456789", name: "Acme Shoes EU" },
    { hotjarSiteId: "3456790", name: "Acme Shoes US" },
  ],
  granteeEmail: "hotjar@demo-agency.example",
  reason: "To review the checkout recordings and heatmaps before the redesign.",
  expiresAt: "30 Nov 2026, 14:05 UTC",
};

// What the client emails get: Hotjar's own access level, as on the client's page.
const clientRequest: RequestSummary = { ...request, roleLabel: "Read Only" };
const oneSiteRequest: RequestSummary = { ...clientRequest, sites: [request.sites[0]!] };
const clientPicksRequest: RequestSummary = { ...clientRequest, sites: [] };

const linkUrl = "https://portal.demo-agency.example/l/Zm9vYmFy.c2lnbmF0dXJl";
const linkPageUrl = "https://portal.demo-agency.example/app/links/lnk_123";
const footer = "Sent by Demo Agency through their onboarding portal. You can ignore this email if you did not expect it.";

const invitation: LinkInvitationProps = { locale: "en", branding, request: clientRequest, contactName: "Alex Martin", url: linkUrl };

describe("link-invitation", () => {
  it("states who asks, what, why, until when, and links to the request", async () => {
    const email = await renderEmail("link-invitation", invitation);
    expect(email.subject).toBe("Demo Agency asks for “Read Only” access to your Hotjar sites");
    expectBoth(email, [
      "Hello Alex Martin",
      "Dana Smith at Demo Agency",
      "Access level: Read Only",
      "Acme Shoes EU (site ID 3456789)",
      "Acme Shoes US (site ID 3456790)",
      "hotjar@demo-agency.example",
      request.reason,
      "30 Nov 2026, 14:05 UTC",
      linkUrl,
      "No password",
      "No Admin access",
      "No billing",
      "through a channel you already use",
      "never asks for your Hotjar password",
      footer,
    ]);
    expect(email.html).toContain(`href="${linkUrl}"`);
    expect(email.html.startsWith("<!DOCTYPE html")).toBe(true);
  });

  it("applies the branding: accent border and button, logo", async () => {
    const { html } = await renderEmail("link-invitation", invitation);
    expect(html).toContain("border-top:4px solid #0f766e");
    expect(html).toContain("background-color:#0f766e");
    expect(html).toContain('src="https://cdn.demo-agency.example/logo.png"');
    expect(html).toContain('alt="Demo Agency logo"');
  });

  it("falls back to the default colour and no logo, and keeps the button readable on a light accent", async () => {
    const plain = await renderEmail("link-invitation", {
      ...invitation,
      branding: { agencyName: "Demo Agency", accentColor: null, logoUrl: null },
    });
    expect(plain.html).toContain("border-top:4px solid #2563eb");
    expect(plain.html).not.toContain("<img");

    const light = await renderEmail("link-invitation", {
      ...invitation,
      branding: { ...branding, accentColor: "#ffe066" },
    });
    expect(light.html).toMatch(/background-color:#ffe066;color:#111827/);
  });

  it("ignores an accent colour or logo URL that is not valid", async () => {
    const { html } = await renderEmail("link-invitation", {
      ...invitation,
      branding: { agencyName: "Demo Agency", accentColor: "red;background:url(x)", logoUrl: "javascript:alert(1)" },
    });
    expect(html).not.toContain("url(x)");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("border-top:4px solid #2563eb");
  });

  it("says the client chooses the site when none is preset", async () => {
    const email = await renderEmail("link-invitation", { ...invitation, request: clientPicksRequest });
    expect(email.subject).toBe("Demo Agency asks for “Read Only” access to your Hotjar site");
    expectBoth(email, ["You choose the site when you open the link.", "hotjar@demo-agency.example"]);
    expect(email.text).not.toContain("site ID");
  });

  it("uses the singular for one site", async () => {
    const email = await renderEmail("link-invitation", { ...invitation, request: oneSiteRequest });
    expect(email.subject).toBe("Demo Agency asks for “Read Only” access to your Hotjar site");
    expectBoth(email, ["Acme Shoes EU (site ID 3456789)"]);
    expect(email.text).not.toContain("3456790");
  });
});

const resendSteps = [
  "Open Hotjar and go to Organization settings > Team.",
  "Find hotjar@demo-agency.example in the list of pending invitations.",
  "Click Resend invitation.",
];

function reminder(kind: ClientReminderKind): ClientReminderProps {
  const isLink = kind === "link-not-opened" || kind === "link-expiring";
  return {
    locale: "en",
    branding,
    kind,
    request: isLink ? clientRequest : oneSiteRequest,
    contactName: "Alex Martin",
    url: isLink ? linkUrl : null,
    resendSteps: isLink ? [] : resendSteps,
    invitationLifetimeDays: 7,
  };
}

describe("client-reminder", () => {
  const cases: {
    kind: ClientReminderKind;
    subject: string;
    contains: string[];
    absent: string[];
  }[] = [
    {
      kind: "link-not-opened",
      subject: "Reminder: Demo Agency asks for “Read Only” access to your Hotjar sites",
      contains: ["you have not opened it yet", "Acme Shoes US (site ID 3456790)", "30 Nov 2026, 14:05 UTC", linkUrl],
      absent: ["7 days"],
    },
    {
      kind: "link-expiring",
      subject: "Reminder: Demo Agency's request for “Read Only” access in Hotjar expires on 30 Nov 2026, 14:05 UTC",
      contains: ["expires on 30 Nov 2026, 14:05 UTC", "Acme Shoes US (site ID 3456790)", linkUrl],
      absent: ["7 days"],
    },
    {
      kind: "invite-not-accepted",
      subject: "Reminder: please check your Hotjar invitation for Demo Agency",
      contains: ["may not have been sent or accepted", "on its “Team” page only once the invitation is accepted", ...resendSteps],
      absent: [linkUrl, "Link expires"],
    },
    {
      kind: "invite-expired",
      subject: "Reminder: your Hotjar invitation for Demo Agency expired, please resend it",
      contains: ["Hotjar invitations expire after about 7 days", "Please resend it", ...resendSteps],
      absent: [linkUrl, "Link expires"],
    },
  ];

  it.each(cases)("$kind restates the request", async ({ kind, subject, contains, absent }) => {
    const email = await renderEmail("client-reminder", reminder(kind));
    expect(email.subject).toBe(subject);
    expectBoth(email, [
      "Hello Alex Martin",
      "Demo Agency",
      "Access level: Read Only",
      "asks for “Read Only” access only",
      "Acme Shoes EU (site ID 3456789)",
      "hotjar@demo-agency.example",
      "never asks for your Hotjar password",
      footer,
      ...contains,
    ]);
    expectNeither(email, absent);
    expect(email.html).toContain("border-top:4px solid #0f766e");
  });

  it.each(["link-not-opened", "link-expiring"] as const)("%s has a button to the link", async (kind) => {
    const { html } = await renderEmail("client-reminder", reminder(kind));
    expect(html).toContain(`href="${linkUrl}"`);
    expect(html).toContain("background-color:#0f766e");
  });

  it("lists the resend steps as an ordered list, in order", async () => {
    const email = await renderEmail("client-reminder", reminder("invite-expired"));
    expect(email.html).toMatch(/<ol[^>]*>\s*<li/);
    expect(email.text).toContain(`1. ${resendSteps[0]}`);
    expect(email.text).toContain(`3. ${resendSteps[2]}`);
  });
});

function notification(kind: AgencyNotificationKind, extra: Partial<AgencyNotificationProps> = {}): AgencyNotificationProps {
  return {
    agencyName: "Demo Agency",
    kind,
    clientName: "Acme Shoes",
    request,
    linkPageUrl,
    grants: [],
    declineReason: null,
    at: "2 Nov 2026, 09:30 UTC",
    ...extra,
  };
}

describe("agency-notification", () => {
  const grants: AgencyNotificationProps["grants"] = [
    { hotjarSiteId: "3456789", siteName: "Acme Shoes EU", grantedBy: "alex@acme-shoes.example" },
    { hotjarSiteId: "3456790", siteName: null, grantedBy: "it@acme-shoes.example" },
  ];
  const cases: { kind: AgencyNotificationKind; extra?: Partial<AgencyNotificationProps>; subject: string; contains: string[] }[] = [
    {
      kind: "link-opened",
      subject: "[Acme Shoes] link opened",
      contains: ["Acme Shoes opened the link", "30 Nov 2026, 14:05 UTC"],
    },
    {
      kind: "link-completed",
      extra: { grants },
      subject: "[Acme Shoes] link completed",
      contains: [
        "Acme Shoes EU (site ID 3456789): granted by alex@acme-shoes.example",
        "Site ID 3456790: granted by it@acme-shoes.example",
      ],
    },
    {
      kind: "link-declined",
      extra: { declineReason: "We already gave access to another agency." },
      subject: "[Acme Shoes] link declined",
      contains: ["Reason: We already gave access to another agency."],
    },
    {
      kind: "new-link-requested",
      subject: "[Acme Shoes] new link requested",
      contains: ["asked for a new link from an expired page: reissue it", "expired on 30 Nov 2026, 14:05 UTC"],
    },
  ];

  it.each(cases)("$kind", async ({ kind, extra, subject, contains }) => {
    const email = await renderEmail("agency-notification", notification(kind, extra));
    expect(email.subject).toBe(subject);
    expectBoth(email, [
      "Demo Agency",
      "Acme Shoes",
      "2 Nov 2026, 09:30 UTC",
      "Dana Smith",
      'Viewer ("Read Only")',
      "3456789",
      "3456790",
      "hotjar@demo-agency.example",
      linkPageUrl,
      ...contains,
    ]);
    expect(email.html).toContain(`href="${linkPageUrl}"`);
    // Internal email: the portal's own footer, not the client-facing one.
    expect(email.text).not.toContain("You can ignore this email");
  });

  it("link-declined without a reason says so", async () => {
    const email = await renderEmail("agency-notification", notification("link-declined", { declineReason: "  " }));
    expectBoth(email, ["no reason given"]);
  });

  it("link-completed with no grants says no site was listed", async () => {
    const email = await renderEmail("agency-notification", notification("link-completed"));
    expectBoth(email, ["No site was listed."]);
  });
});

describe("escaping", () => {
  const evilAgency = 'Evil <script>alert("agency")</script> & Co';
  const evilReason = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

  it("escapes a malicious agency name and reason in the client emails", async () => {
    const evilRequest = { ...clientRequest, reason: evilReason, requesterName: "<b>Mallory</b>" };
    const evilBranding = { ...branding, agencyName: evilAgency };
    const emails = [
      await renderEmail("link-invitation", { ...invitation, branding: evilBranding, request: evilRequest }),
      ...(await Promise.all(
        (["link-not-opened", "link-expiring", "invite-not-accepted", "invite-expired"] as const).map((kind) =>
          renderEmail("client-reminder", { ...reminder(kind), branding: evilBranding, request: evilRequest }),
        ),
      )),
    ];
    for (const email of emails) {
      expect(email.html).not.toMatch(/<script/i);
      expect(email.html).not.toContain("<img src=x");
      expect(email.html).not.toContain("<b>Mallory");
      expect(email.html).toContain("Evil &lt;script&gt;");
      // The plain text carries the name as written (it is not HTML).
      expect(email.text).toContain(evilAgency);
    }
    expect(emails[0]!.html).toContain(esc(evilReason));
    expect(emails[0]!.subject).toBe(`${evilAgency} asks for “Read Only” access to your Hotjar sites`);
  });

  it("escapes a malicious client name and decline reason in the agency email", async () => {
    const email = await renderEmail(
      "agency-notification",
      notification("link-declined", { clientName: "<script>x()</script>", declineReason: evilReason, agencyName: evilAgency }),
    );
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain(esc(evilReason));
    expect(email.text).toContain(evilReason);
  });

  it("keeps subjects on one line (no header injection)", async () => {
    const email = await renderEmail("link-invitation", {
      ...invitation,
      branding: { ...branding, agencyName: "Demo\r\nBcc: victim@example.com" },
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe("Demo Bcc: victim@example.com asks for “Read Only” access to your Hotjar sites");
    const agency = await renderEmail("agency-notification", notification("link-opened", { clientName: "Acme\nShoes" }));
    expect(agency.subject).toBe("[Acme Shoes] link opened");
  });
});

const forwarded: LinkForwardedProps = {
  locale: "en",
  branding,
  request: clientRequest,
  clientName: "Acme Shoes",
  colleagueName: "Ana Admin",
  fromName: "Alex Martin",
  note: "Could you do this? I am not an admin.",
  url: linkUrl,
};

describe("link-forwarded", () => {
  it("names who sent it, the colleague and the note, restates the request and links to the same URL", async () => {
    const email = await renderEmail("link-forwarded", forwarded);
    expect(email.subject).toBe("Alex Martin asks you to give Demo Agency access in Hotjar");
    expectBoth(email, [
      "Hello Ana Admin,",
      "only a Hotjar Admin or the Account Owner can send the invitation",
      "Alex Martin forwarded the request to you",
      "“Could you do this? I am not an admin.”",
      "Access level: Read Only",
      request.reason,
      linkUrl,
    ]);
    expect(email.html).toContain(`href="${linkUrl}"`);
  });

  it("without names or a note, says a colleague at the client sent it", async () => {
    const email = await renderEmail("link-forwarded", { ...forwarded, colleagueName: null, fromName: null, note: null });
    expect(email.subject).toBe("A colleague asks you to give Demo Agency access in Hotjar");
    expectBoth(email, ["Hello,", "A colleague at Acme Shoes forwarded the request to you"]);
    expect(email.text).not.toContain("“");
  });
});

const accessEnded: AccessEndedProps = {
  locale: "en",
  branding,
  contactName: "Alex Martin",
  granteeEmail: "hotjar@demo-agency.example",
  sites: [{ hotjarSiteId: "3456789", name: null }],
  removalSteps: ["Sign in to Hotjar.", "Click the X beside it and confirm."],
};

/** Every client email, in one language. */
function clientEmails(locale: (typeof LOCALES)[number]): Promise<RenderedEmail[]> {
  return Promise.all([
    renderEmail("link-invitation", { ...invitation, locale }),
    renderEmail("link-forwarded", { ...forwarded, locale }),
    ...(["link-not-opened", "link-expiring", "invite-not-accepted", "invite-expired"] as const).map((kind) =>
      renderEmail("client-reminder", { ...reminder(kind), locale }),
    ),
    renderEmail("access-ended", { ...accessEnded, locale }),
  ]);
}

describe("the client emails in every language", () => {
  it.each(LOCALES)("%s: every message is formatted, the HTML says its language, Hotjar's level stays in English", async (locale) => {
    const emails = await clientEmails(locale);
    const english = await clientEmails("en");
    emails.forEach((email, i) => {
      expect(email.html).toMatch(new RegExp(`<html[^>]* lang="${locale}"`));
      for (const leftover of ["email.", "{", "}", "<b>"]) {
        expect(email.subject, `${email.subject}: ${leftover}`).not.toContain(leftover);
        expect(email.text, `${email.subject}: ${leftover}`).not.toContain(leftover);
      }
      if (locale !== "en") expect(email.subject).not.toBe(english[i]!.subject);
    });
    for (const email of emails.slice(0, 6)) expectBoth(email, ["Read Only", "hotjar@demo-agency.example"]);
  });

  it("a Spanish invitation: Spanish subject, greeting, labels, plurals and button, the URL unchanged", async () => {
    const email = await renderEmail("link-invitation", { ...invitation, locale: "es" });
    expect(email.subject).toBe("Demo Agency solicita acceso “Read Only” a tus sitios de Hotjar");
    expectBoth(email, [
      "Hola, Alex Martin:",
      "Dana Smith, de Demo Agency, te pide",
      "Nivel de acceso: Read Only",
      "Sitios de Hotjar:",
      "Acme Shoes EU (ID del sitio 3456789)",
      "El enlace caduca el 30 Nov 2026, 14:05 UTC",
      "Revisar la solicitud",
      "Qué no se solicita",
      "Enviado por Demo Agency",
      linkUrl,
    ]);
    expect(email.html).toContain(`href="${linkUrl}"`);
    const single = await renderEmail("link-invitation", { ...invitation, locale: "es", request: oneSiteRequest });
    expect(single.subject).toBe("Demo Agency solicita acceso “Read Only” a tu sitio de Hotjar");
    expectBoth(single, ["Sitio de Hotjar:"]);
  });

  it("a German reminder to resend the invitation: German words, Hotjar's steps as given", async () => {
    const email = await renderEmail("client-reminder", { ...reminder("invite-expired"), locale: "de" });
    expect(email.subject).toBe("Erinnerung: Ihre Hotjar-Einladung für Demo Agency ist abgelaufen, bitte senden Sie sie erneut");
    expectBoth(email, [
      "Hallo Alex Martin,",
      "Hotjar-Einladungen laufen nach etwa 7 Tagen ab",
      "So senden Sie die Einladung erneut",
      ...resendSteps,
    ]);
    expect(email.text).toContain(`1. ${resendSteps[0]}`);
  });

  it("a French access-ended email, with an unnamed site by its ID", async () => {
    const email = await renderEmail("access-ended", { ...accessEnded, locale: "fr" });
    expectBoth(email, [
      "Bonjour Alex Martin,",
      "Demo Agency n’a plus besoin d’accéder à votre site Hotjar\u00a0: ID de site 3456789.",
      "Comment retirer l’accès",
    ]);
  });
});

describe("renderEmail", () => {
  it("rejects an unknown template", async () => {
    // @ts-expect-error: not a template name
    await expect(renderEmail("nope", {})).rejects.toThrow(/Unknown email template/);
  });
});
