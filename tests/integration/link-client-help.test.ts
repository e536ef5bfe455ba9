// Issue 16 through the link page's route module, on a real database: "I'm not the Hotjar admin"
// (the same link, a queued email, the timeline, at most 3 an hour and 5 in all per link, nothing
// written when refused), "something looks different" (an event the agency reads), the prefilled
// confirmation, and the page's language (picked, the link's, Accept-Language, English).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { createIntakeLink } from "~/modules/intake/intake.server";
import { IntakeLinkSchema } from "~/modules/intake/schemas";
import { MAX_FORWARDS_PER_LINK } from "~/modules/links/forwards";
import { LIMITS } from "~/modules/security/rate-limit.server";
import { action, loader } from "~/routes/l.$token";

import { makeAgency, makeClient, makeLink, mangle, type TestAgency } from "./helpers";

const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";

function post(token: string, fields: Record<string, string>) {
  const request = new Request(`http://localhost:3000/l/${token}`, {
    method: "POST",
    headers: { "x-portal-client-ip": "198.18.1.1", "user-agent": UA },
    body: new URLSearchParams(fields),
  });
  return action({ request, params: { token }, context: {} } as ActionFunctionArgs) as Promise<Response>;
}

async function page(token: string, headers: Record<string, string> = {}, search = "") {
  const request = new Request(`http://localhost:3000/l/${token}${search}`, { headers: { "user-agent": UA, ...headers } });
  const response = (await loader({ request, params: { token }, context: {} } as LoaderFunctionArgs)) as Response;
  return {
    status: response.status,
    data: (await response.json()) as Record<string, unknown> & { locale: string; view?: Record<string, unknown> },
  };
}

const forward = (token: string, n: number, extra: Record<string, string> = {}) =>
  post(token, {
    intent: "forward",
    colleagueEmail: `colleague${n}@acme-shoes.example`,
    colleagueName: "",
    fromName: "Casey Client",
    note: "",
    ...extra,
  });

let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  agency = await makeAgency("Helpful Agency");
  clientId = (await makeClient(agency)).id;
});

describe("I'm not the Hotjar admin", () => {
  it("sends the same link to the colleague: recorded on the link and its timeline, the email queued, no new token", async () => {
    const link = await makeLink(agency, clientId);
    const before = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    const response = await forward(link.token, 1, { colleagueName: "Ana Admin", note: "Could you do this today?" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/l/${link.token}`);

    const after = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(after.tokenVersion).toBe(before.tokenVersion);
    expect(JSON.parse(after.forwardedTo)).toEqual([{ email: "colleague1@acme-shoes.example", name: "Ana Admin", at: expect.any(String) }]);
    const event = await db.event.findFirstOrThrow({ where: { linkId: link.id, type: "link.forwarded" } });
    expect(JSON.parse(event.details)).toEqual({ to: "colleague1@acme-shoes.example", name: "Ana Admin" });
    const email = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id, template: "link-forwarded" } });
    expect(email.to).toBe("colleague1@acme-shoes.example");
    expect(JSON.parse(email.payload)).toMatchObject({
      colleagueName: "Ana Admin",
      fromName: "Casey Client",
      note: "Could you do this today?",
    });

    // The page says who it went to.
    const { data } = await page(link.token);
    expect(data.view?.forwards).toEqual([{ email: "colleague1@acme-shoes.example", name: "Ana Admin", at: expect.any(String) }]);
  });

  it(`is limited to ${LIMITS.linkForward.points} an hour per link: the next is answered 429 with Retry-After and writes nothing`, async () => {
    const link = await makeLink(agency, clientId);
    for (let n = 1; n <= LIMITS.linkForward.points; n++) expect((await forward(link.token, n)).status).toBe(302);
    const refused = await forward(link.token, 99);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ formError: { id: "page.error.tooMany" } });
    expect(await db.outboundEmail.count({ where: { linkId: link.id, template: "link-forwarded" } })).toBe(LIMITS.linkForward.points);
    expect(await db.outboundEmail.count({ where: { to: "colleague99@acme-shoes.example" } })).toBe(0);
  });

  it(`stops at ${MAX_FORWARDS_PER_LINK} colleagues per link, whatever the hour`, async () => {
    const link = await makeLink(agency, clientId);
    // Already sent to the most people (as if over several hours).
    const full = Array.from({ length: MAX_FORWARDS_PER_LINK }, (_, i) => ({
      email: `c${i}@acme-shoes.example`,
      name: null,
      at: new Date().toISOString(),
    }));
    await db.onboardingLink.update({ where: { id: link.id }, data: { forwardedTo: JSON.stringify(full) } });
    const refused = await forward(link.token, 6);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ formError: { id: "page.forward.tooMany" } });
    expect(await db.outboundEmail.count({ where: { linkId: link.id } })).toBe(0);
  });

  it("is not offered, and refused, on a link made through an intake link (anyone can make those): nothing is sent or recorded", async () => {
    const intake = await createIntakeLink(
      agency.agencyId,
      agency.actor,
      IntakeLinkSchema.parse({
        name: "Website form",
        role: "VIEWER",
        locale: "",
        lifetimeDays: "7",
        reason: "Monthly conversion review",
        dailyLimit: "50",
      }),
    );
    const link = await makeLink(agency, clientId);
    expect((await page(link.token)).data.view).toMatchObject({ forwardable: true });
    await db.onboardingLink.update({ where: { id: link.id }, data: { intakeLinkId: intake.id } });
    // The page does not offer "I'm not the Hotjar admin"; a post made anyway is refused.
    expect((await page(link.token)).data.view).toMatchObject({ forwardable: false });
    // (Opening the page told the agency; nothing more may be sent.)
    const emailsBefore = await db.outboundEmail.count({ where: { linkId: link.id } });
    const refused = await forward(link.token, 1, { note: "Buy cheap watches at example.test" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ formError: { id: "page.forward.notFromIntake" } });
    expect(await db.outboundEmail.count({ where: { linkId: link.id } })).toBe(emailsBefore);
    expect(await db.event.count({ where: { linkId: link.id, type: "link.forwarded" } })).toBe(0);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).forwardedTo).toBe("[]");
  });

  it("refuses a bad address beside the field, a forged token, and a completed link, writing nothing", async () => {
    const link = await makeLink(agency, clientId);
    const bad = await forward(link.token, 1, { colleagueEmail: "ana at acme" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      fieldErrors: { colleagueEmail: "page.error.colleagueEmail.invalid" },
      values: { colleagueEmail: "ana at acme" },
    });
    expect((await forward(mangle(link.token), 1)).status).toBe(404);
    expect(
      (await post(link.token, { intent: "grant", clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: "1234567" }))
        .status,
    ).toBe(302);
    const closed = await forward(link.token, 2);
    expect(closed.status).toBe(409);
    expect(await db.outboundEmail.count({ where: { linkId: link.id, template: "link-forwarded" } })).toBe(0);
    expect(await db.event.count({ where: { linkId: link.id, type: "link.forwarded" } })).toBe(0);
  });
});

describe("something looks different", () => {
  it("records the client's words for the agency; an empty report is refused beside the field", async () => {
    const link = await makeLink(agency, clientId);
    const empty = await post(link.token, { intent: "report", text: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ fieldErrors: { text: "page.error.text.required" } });
    const sent = await post(link.token, { intent: "report", text: "No Invite Members in my menu" });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ reported: true });
    const event = await db.event.findFirstOrThrow({ where: { linkId: link.id, type: "link.steps_reported" } });
    expect(JSON.parse(event.details)).toEqual({ text: "No Invite Members in my menu" });
  });
});

describe("the page", () => {
  it("explains an emptied email with the email's own words, not a vague 'check this field'", async () => {
    const link = await makeLink(agency, clientId);
    const response = await post(link.token, { intent: "grant", clientName: "Casey", clientEmail: "", siteIds: "1234567" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ fieldErrors: { clientEmail: "page.error.clientEmail.invalid" } });
  });

  it("prefills the confirmation with the contact it was sent to", async () => {
    const link = await makeLink(agency, clientId);
    const { data } = await page(link.token);
    expect(data.view?.prefill).toEqual({ name: "Casey Client", email: "casey@acme-shoes.example" });
  });

  it("comes in the picked language, else the link's, else the browser's, else English", async () => {
    const link = await makeLink(agency, clientId);
    expect((await page(link.token)).data.locale).toBe("en");
    expect((await page(link.token, { "accept-language": "es-MX,es;q=0.9,en;q=0.5" })).data.locale).toBe("es");
    expect((await page(link.token, { "accept-language": "ja" })).data.locale).toBe("en");
    await db.onboardingLink.update({ where: { id: link.id }, data: { locale: "de" } });
    expect((await page(link.token, { "accept-language": "es" })).data.locale).toBe("de");
    expect((await page(link.token, { "accept-language": "es" }, "?lang=pt")).data.locale).toBe("pt");
    expect((await page(link.token, {}, "?lang=xx")).data.locale).toBe("de");
    // The messages sent are the page's language's.
    const { data } = await page(link.token, {}, "?lang=nl");
    expect((data.messages as Record<string, string>)["page.confirm.title"]).not.toBe("Then confirm");
  });

  it("keeps the picked language through a form's answer", async () => {
    const link = await makeLink(agency, clientId);
    const response = await post(link.token, { intent: "decline", reason: "", lang: "fr" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/l/${link.token}?lang=fr`);
  });
});
