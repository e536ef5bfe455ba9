// Issue 16: the client's emails come in the link's language (the invitation, the forward to a
// colleague, the reminders, the removal steps), through the real outbox, worker and local Mailbox.
// Hotjar's own labels ("Read Only", "Team") stay in Hotjar's English. Staff emails stay English.
import { addDays, addHours, addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { forwardLink } from "~/modules/links/client-help.server";
import { completeLink } from "~/modules/links/link-page.server";

import { makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, type TestAgency } from "./helpers";

const T0 = nowSeconds();
/** Each test on its own stretch of time, so one test's worker cycles never wake another's links. */
const era = (k: number) => addDays(T0, 100 * k);
const mailbox = createMailboxTransport();
let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  agency = await makeAgency("Northwind Analytics");
  clientId = (await makeClient(agency)).id;
});

/** A link in the given language (null: none chosen), sent to the client by email at `at`. */
async function sentLink(locale: string | null, at: Date) {
  const link = await makeLink(agency, clientId, { now: at });
  await db.onboardingLink.update({ where: { id: link.id }, data: { locale } });
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor, at);
  return link;
}

/** The delivered Mailbox messages of a link's emails of one template, oldest first. */
async function delivered(linkId: string, template: string) {
  const rows = await db.outboundEmail.findMany({ where: { linkId, template }, include: { mailbox: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => {
    expect(r.status, `${template} to ${r.to}: ${r.lastError}`).toBe("SENT");
    return r.mailbox!;
  });
}

/** The portal's link addresses an email carries (text and HTML alike). */
function linkUrls(body: string): string[] {
  return [...new Set(body.match(/https?:\/\/[^\s"<>]+\/l\/[A-Za-z0-9._~-]+/g) ?? [])];
}

/** The HTML without React's text-node separators and inline emphasis, to match whole phrases. */
const flat = (html: string) => html.replace(/<!-- -->/g, "").replace(/<\/?strong>/g, "");

describe("the client's emails in the link's language", () => {
  it("a Spanish link gets a Spanish invitation: subject, body, dates, Hotjar's level in English, and the link", async () => {
    const t = era(1);
    const link = await sentLink("es", t);
    await runWorkerCycle(mailbox, addMinutes(t, 1));
    const [email] = await delivered(link.id, "link-invitation");

    expect(email!.subject).toBe("Northwind Analytics solicita acceso “Read Only” a tu sitio de Hotjar");
    const expires = (await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).expiresAt;
    const spanishDate = new Intl.DateTimeFormat("es", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(expires);
    for (const phrase of [
      "Hola, Casey Client:",
      "te pide que des a la cuenta de Hotjar de Northwind Analytics acceso a tu sitio de Hotjar",
      "Nivel de acceso: Read Only",
      `acme-shoes.example (ID del sitio ${SITE_A})`,
      `El enlace caduca el ${spanishDate} UTC`,
      "Revisar la solicitud",
      "¿Es auténtica esta solicitud?",
      "Enviado por Northwind Analytics",
      link.url,
    ]) {
      expect(email!.text, phrase).toContain(phrase);
      expect(flat(email!.html), phrase).toContain(phrase);
    }
    expect(email!.html).toContain(`href="${link.url}"`);
    expect(email!.html).toMatch(/<html[^>]* lang="es"/);
    for (const english of ["Hello", "What is asked", "Review the request", "Access level", "expires on"]) {
      expect(email!.text, english).not.toContain(english);
    }
  });

  it("a link with no language chosen gets the English invitation, with Hotjar's level", async () => {
    const t = era(2);
    const link = await sentLink(null, t);
    await runWorkerCycle(mailbox, addMinutes(t, 1));
    const [email] = await delivered(link.id, "link-invitation");
    expect(email!.subject).toBe("Northwind Analytics asks for “Read Only” access to your Hotjar site");
    for (const phrase of ["Hello Casey Client,", "What is asked", "Access level: Read Only", "Review the request", link.url]) {
      expect(email!.text, phrase).toContain(phrase);
    }
    expect(email!.html).toMatch(/<html[^>]* lang="en"/);
  });

  it("a German link's reminder is in German", async () => {
    const t = era(3);
    const link = await sentLink("de", t);
    await runWorkerCycle(mailbox, addMinutes(t, 1));
    await runWorkerCycle(mailbox, addHours(t, 49)); // sent two days ago, never opened
    const [reminder] = await delivered(link.id, "client-reminder");

    expect(reminder!.subject).toBe("Erinnerung: Northwind Analytics bittet um „Read Only“-Zugriff auf Ihre Hotjar-Website");
    for (const phrase of [
      "Hallo Casey Client,",
      "Sie haben die Anfrage noch nicht geöffnet",
      "Zugriffsstufe: Read Only",
      "Anfrage ansehen",
      link.url,
    ]) {
      expect(reminder!.text, phrase).toContain(phrase);
    }
    expect(reminder!.text).not.toContain("Reminder");
  });

  it("a French link's access-ended email gives Hotjar's removal steps in French, quoting “Team” in Hotjar's English", async () => {
    const t = era(4);
    const link = await sentLink("fr", t);
    const done = await completeLink(
      link.token,
      { clientName: "Claire Client", clientEmail: "claire@acme-shoes.example", siteIds: [SITE_A] },
      META,
      addMinutes(t, 5),
    );
    expect(done.ok).toBe(true);
    const grant = await db.grant.findFirstOrThrow({ where: { linkId: link.id } });
    await changeGrant(agency.agencyId, grant.id, "revoke", agency.actor, addMinutes(t, 10));
    await runWorkerCycle(mailbox, addMinutes(t, 11));
    const [email] = await delivered(link.id, "access-ended");

    expect(email!.to).toBe("claire@acme-shoes.example");
    // French puts a (non-breaking) space before the colon; a subject line keeps it as a plain space.
    expect(email!.subject).toMatch(/^Northwind Analytics n’a plus besoin d’accéder à votre compte Hotjar\s: merci de retirer son accès$/);
    for (const phrase of [
      "Bonjour Claire Client,",
      "Comment retirer l’accès",
      // Hotjar's removal steps, in French, with Hotjar's own "Team" label left in English.
      "Connectez-vous à Hotjar",
      "Team",
      "l’organisation dont l’ID est 4455667",
      `Trouvez notre adresse e-mail, ${agency.granteeEmail}`,
      "Cliquez sur le X",
    ]) {
      expect(email!.text, phrase).toContain(phrase);
    }
    expect(email!.text).toMatch(/Ouvrez la page «\s?Team\s?»/);
    for (const english of ["Sign in to Hotjar", "Open the “Team” page", "How to remove the access", "Hello"]) {
      expect(email!.text, english).not.toContain(english);
    }
  });

  it("the forwarded email names the colleague and the note, in the link's language, with the very same link", async () => {
    const t = era(5);
    const link = await sentLink("es", t);
    const forwarded = await forwardLink(
      link.token,
      {
        colleagueEmail: "ana@acme-shoes.example",
        colleagueName: "Ana Admin",
        fromName: "Casey",
        note: "¿Puedes hacerlo tú? No tengo permisos.",
      },
      META,
      addMinutes(t, 2),
    );
    expect(forwarded).toEqual({ ok: true });
    await runWorkerCycle(mailbox, addMinutes(t, 3));
    const [invitation] = await delivered(link.id, "link-invitation");
    const [toColleague] = await delivered(link.id, "link-forwarded");

    expect(toColleague!.to).toBe("ana@acme-shoes.example");
    expect(toColleague!.subject).toBe("Casey te pide que des acceso a Northwind Analytics en Hotjar");
    for (const phrase of [
      "Hola, Ana Admin:",
      "«¿Puedes hacerlo tú? No tengo permisos.»",
      "Casey te ha reenviado la solicitud",
      "Revisar la solicitud",
    ]) {
      expect(toColleague!.text, phrase).toContain(phrase);
    }
    // The same link as the client's own invitation: nothing new was minted.
    expect(linkUrls(invitation!.text)).toEqual([link.url]);
    expect(linkUrls(toColleague!.text)).toEqual([link.url]);
    expect(linkUrls(toColleague!.html)).toEqual([link.url]);
  });

  it("staff emails stay English whatever the link's language", async () => {
    const t = era(6);
    const link = await sentLink("nl", t);
    await runWorkerCycle(mailbox, addMinutes(t, 1));
    const done = await completeLink(
      link.token,
      { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
      META,
      addMinutes(t, 5),
    );
    expect(done.ok).toBe(true);
    await runWorkerCycle(mailbox, addMinutes(t, 6));
    const [notice] = await delivered(link.id, "agency-notification");
    expect(notice!.text).toContain("Access level: Viewer (Hotjar: Read Only)");
    expect(notice!.html).toMatch(/<html[^>]* lang="en"/);
    const [invitation] = await delivered(link.id, "link-invitation");
    expect(invitation!.subject).toBe("Northwind Analytics vraagt om “Read Only”-toegang tot je Hotjar-site");
  });
});
