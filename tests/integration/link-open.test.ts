import { randomBytes } from "node:crypto";

import { addDays, addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { openLinkPage } from "~/modules/links/link-page.server";
import { reissueLink } from "~/modules/links/links.server";
import { signLinkToken } from "~/modules/links/token.server";

import { TEST_KEY_ID } from "../setup/test-env";
import {
  BOT_META,
  eventsOf,
  makeAgency,
  makeClient,
  makeLink,
  mangle,
  META,
  nowSeconds,
  SITE_A,
  type TestAgency,
  tokenOf,
} from "./helpers";

let agency: TestAgency;
let clientId: string;
const T0 = nowSeconds();

beforeAll(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

describe("openLinkPage", () => {
  it("first open: OPENED, firstOpenedAt, openCount 1 and one link.opened event", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    const openedAt = addMinutes(T0, 10);
    const view = await openLinkPage(link.token, META, openedAt);

    expect(view).not.toBeNull();
    expect(view!.status).toBe("OPENED");
    expect(view!.agency.name).toBe("Northwind Analytics");
    expect(view!.clientName).toBe("Acme Shoes");
    expect(view!.role).toBe("VIEWER");
    expect(view!.sites.map((s) => s.hotjarSiteId)).toEqual([SITE_A]);
    expect(view!.granteeEmail).toBe(agency.granteeEmail);
    // What the client's page may know, and nothing else: no ids, no staff email. The address the
    // link was sent to, here the contact's, and so the contact's name prefill the confirmation
    // (docs/decisions/043); nowhere else.
    expect(view!.prefill).toEqual({ name: "Casey Client", email: "casey@acme-shoes.example" });
    const json = JSON.stringify({ ...view, prefill: null });
    expect(json).not.toContain(agency.agencyId);
    expect(json).not.toContain(clientId);
    expect(json).not.toContain("casey@acme-shoes.example");
    expect(json).not.toContain("Casey Client");
    expect(json).not.toContain(agency.email);

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.status).toBe("OPENED");
    expect(row.firstOpenedAt?.toISOString()).toBe(openedAt.toISOString());
    expect(row.lastOpenedAt?.toISOString()).toBe(openedAt.toISOString());
    expect(row.openCount).toBe(1);

    const opened = await eventsOf(link.id, "link.opened");
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actorType: "client", userAgent: META.userAgent });
    // The IP is kept only as a keyed hash.
    expect(opened[0]!.ipHash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(opened[0])).not.toContain(META.ip);
  });

  it("a second open counts but records no second event", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await openLinkPage(link.token, META, addMinutes(T0, 1));
    const second = addMinutes(T0, 30);
    const view = await openLinkPage(link.token, META, second);
    expect(view!.status).toBe("OPENED");

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.openCount).toBe(2);
    expect(row.firstOpenedAt?.toISOString()).toBe(addMinutes(T0, 1).toISOString());
    expect(row.lastOpenedAt?.toISOString()).toBe(second.toISOString());
    expect(await eventsOf(link.id, "link.opened")).toHaveLength(1);
  });

  it("a link sent to someone other than the contact carries that address and not the contact's name or address", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await db.onboardingLink.update({ where: { id: link.id }, data: { recipientEmail: "it-admin@acme-shoes.example" } });
    const view = await openLinkPage(link.token, META, addMinutes(T0, 1));
    expect(view!.prefill).toEqual({ name: "", email: "it-admin@acme-shoes.example" });
    const json = JSON.stringify(view);
    expect(json).not.toContain("Casey Client");
    expect(json).not.toContain("casey@acme-shoes.example");
  });

  it("a mail scanner (Googlebot) sees the page but does not count as an open", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    const view = await openLinkPage(link.token, BOT_META, addMinutes(T0, 1));
    expect(view!.status).toBe("PENDING");

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row).toMatchObject({ status: "PENDING", openCount: 0, firstOpenedAt: null });
    expect(await eventsOf(link.id, "link.opened")).toHaveLength(0);
  });

  it("an expired link shows as EXPIRED and is not counted", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    const view = await openLinkPage(link.token, META, addDays(T0, 8));
    expect(view!.status).toBe("EXPIRED");
    expect(view!.agency.name).toBe("Northwind Analytics");
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row).toMatchObject({ status: "PENDING", openCount: 0 });
  });

  describe("tokens that must resolve to nothing", () => {
    async function expectNothingChanged(linkId: string) {
      const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: linkId } });
      expect(row.openCount).toBe(0);
      expect(await eventsOf(linkId, "link.opened")).toHaveLength(0);
    }

    it("a mangled token (one character changed)", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      const bad = mangle(link.token);
      expect(bad).not.toBe(link.token);
      expect(bad).toHaveLength(link.token.length);
      expect(await openLinkPage(bad, META, addMinutes(T0, 1))).toBeNull();
      await expectNothingChanged(link.id);
    });

    it("a token with one character of the link id changed", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      const c = link.token[3] === "a" ? "b" : "a";
      const bad = link.token.slice(0, 3) + c + link.token.slice(4);
      expect(await openLinkPage(bad, META, addMinutes(T0, 1))).toBeNull();
      await expectNothingChanged(link.id);
    });

    it("the URL of a reissued link's old version", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      const { url } = await reissueLink(agency.agencyId, link.id, agency.actor, 7, addMinutes(T0, 1));
      expect(await openLinkPage(link.token, META, addMinutes(T0, 2))).toBeNull();
      await expectNothingChanged(link.id);
      expect(await openLinkPage(tokenOf(url), META, addMinutes(T0, 3))).not.toBeNull();
    });

    it("a token signed with a key that is not in the ring", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
      const claims = { linkId: row.id, version: row.tokenVersion, expiresAt: row.expiresAt };
      // Same key id as ours but another secret, and an unknown key id.
      const sameKid = signLinkToken([{ id: TEST_KEY_ID, secret: randomBytes(32) }], claims);
      const otherKid = signLinkToken([{ id: "kstranger", secret: randomBytes(32) }], claims);
      expect(sameKid.split(".").slice(0, 4)).toEqual(link.token.split(".").slice(0, 4));
      expect(await openLinkPage(sameKid, META, addMinutes(T0, 1))).toBeNull();
      expect(await openLinkPage(otherKid, META, addMinutes(T0, 1))).toBeNull();
      await expectNothingChanged(link.id);
    });

    it("a token whose expiry was edited", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      const parts = link.token.split(".");
      parts[2] = (parseInt(parts[2]!, 36) + 86_400).toString(36);
      expect(await openLinkPage(parts.join("."), META, addMinutes(T0, 1))).toBeNull();
      await expectNothingChanged(link.id);
    });

    it("garbage and an empty string", async () => {
      expect(await openLinkPage("", META)).toBeNull();
      expect(await openLinkPage("not-a-token", META)).toBeNull();
      expect(await openLinkPage("x".repeat(500), META)).toBeNull();
    });
  });
});
