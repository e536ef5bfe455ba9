import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { ROLES } from "~/modules/agencies/permissions";
import { GRANT_STATUSES } from "~/modules/grants/grant-state";
import { LINK_STATUSES } from "~/modules/links/link-state";
import { hotjar } from "~/modules/platforms/hotjar";
import { PORTAL_ROLES } from "~/modules/platforms/platform";

import {
  accessLevelWords,
  describeEvent,
  EVENT_KIND_GROUPS,
  EVENT_KINDS,
  eventKindLabel,
  eventPeopleIds,
  eventSentence,
  isKnownEventType,
  plural,
  readableCode,
  statusWords,
  teamRoleWords,
} from "./event-words";

const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Every event type the app's code records, read from the source: `type: "x.y"` in an event's
 * input, and the literal types handed to recordAccountEvent, the grant actions' map and the
 * failed-login constant. A new type added in any of these forms shows up here.
 */
function recordedTypes(): string[] {
  const types = new Set<string>();
  const files = fs.readdirSync(MODULES, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".server.ts"));
  for (const file of files) {
    const source = fs.readFileSync(path.join(MODULES, file), "utf8");
    for (const m of source.matchAll(/\btype: "([a-z]+\.[a-z_]+)"/g)) types.add(m[1]!);
    for (const line of source.split("\n")) {
      if (/AccountEventType =|EVENT_TYPE: Record|FAILED_LOGIN_EVENT =|recordAccountEvent\(tx, [^,]+, "/.test(line)) {
        for (const m of line.matchAll(/"([a-z]+\.[a-z_]+)"/g)) types.add(m[1]!);
      }
    }
  }
  return [...types].sort();
}

const staff = { actorType: "staff", actorLabel: "dana@demo.example", actorName: "Dana Demo" };

describe("events as sentences", () => {
  it("finds the app's event types in its source (the list below is not empty or partial)", () => {
    const types = recordedTypes();
    expect(types).toEqual(
      expect.arrayContaining(["link.created", "link.completed", "grant.verified", "grant.revoked", "auth.login", "auth.login_failed"]),
    );
    expect(types.length).toBeGreaterThanOrEqual(30);
  });

  it("has a sentence and a filter label for every event type the app records", () => {
    for (const type of recordedTypes()) {
      expect(isKnownEventType(type), `${type} has no sentence`).toBe(true);
      expect(
        EVENT_KINDS.map((k) => k.type),
        `${type} is not in EVENT_KINDS`,
      ).toContain(type);
      const words = eventSentence({ type, ...staff, details: "{}" });
      expect(words, type).not.toContain(type);
      expect(words, type).not.toMatch(/_|^[a-z]/);
    }
  });

  it("lists each kind once, under the group its type starts with, with a label in words", () => {
    const types = EVENT_KINDS.map((k) => k.type);
    expect(new Set(types).size).toBe(types.length);
    for (const group of EVENT_KIND_GROUPS) {
      for (const kind of group.kinds) {
        expect(kind.type.startsWith(`${group.prefix}.`)).toBe(true);
        expect(kind.label).toMatch(/^[A-Z][a-z]/);
        expect(eventKindLabel(kind.type)).toBe(kind.label);
      }
    }
    expect(eventKindLabel("link.paused")).toBe("Link paused");
  });

  it("says who confirmed the invitation, for which client and how many sites", () => {
    const event = {
      type: "link.completed",
      actorType: "client",
      actorLabel: "Carla Client <carla@acme-shoes.example>",
      details: JSON.stringify({ sites: ["1234567", "2345678"], role: "VIEWER" }),
      clientName: "Acme Shoes",
    };
    expect(eventSentence(event)).toBe("Carla Client confirmed the invitation was sent · Acme Shoes, 2 sites");
    expect(describeEvent(event)).toEqual({ sentence: "Carla Client confirmed the invitation was sent", context: "Acme Shoes, 2 sites" });
    expect(eventSentence({ ...event, details: JSON.stringify({ sites: ["1234567"] }) })).toMatch(/Acme Shoes, 1 site$/);
  });

  it("names staff by name when known, else by their email", () => {
    expect(eventSentence({ type: "link.revoked", ...staff })).toBe("Dana Demo revoked the link");
    expect(eventSentence({ type: "link.revoked", actorType: "staff", actorLabel: "dana@demo.example" })).toBe(
      "dana@demo.example revoked the link",
    );
    expect(eventSentence({ type: "link.revoked", ...staff, details: { reason: "client archived" }, clientName: "Acme Shoes" })).toBe(
      "Dana Demo revoked the link by archiving the client · Acme Shoes",
    );
  });

  it("words the events with no person behind them", () => {
    expect(eventSentence({ type: "link.expired", actorType: "system", details: { expiresAt: "2030-01-01T00:00:00.000Z" } })).toBe(
      "The link expired",
    );
    expect(eventSentence({ type: "link.opened", actorType: "client", clientName: "Acme Shoes" })).toBe(
      "The client opened the link · Acme Shoes",
    );
    expect(eventSentence({ type: "auth.login_failed", actorType: "staff", actorLabel: "x@y.example", actorName: "Xavier" })).toBe(
      "Someone tried to log in as x@y.example with a wrong password",
    );
  });

  it("reads the details it is given: roles, lifetimes, reasons, counts, settings, dates", () => {
    expect(eventSentence({ type: "link.created", ...staff, details: { role: "VIEWER", sites: ["1", "2", "3"] }, clientName: "Acme" })).toBe(
      "Dana Demo created a link asking for Viewer (Hotjar: Read Only) access · Acme, 3 sites",
    );
    expect(eventSentence({ type: "link.reissued", ...staff, details: { lifetimeDays: 1 } })).toBe("Dana Demo reissued the link for 1 day");
    expect(eventSentence({ type: "link.declined", actorType: "client", details: { reason: "Moving away" } })).toBe(
      "The client declined the request: “Moving away”",
    );
    expect(eventSentence({ type: "link.sent", ...staff, details: { to: "c@acme.example", again: true } })).toBe(
      "Dana Demo emailed the link to c@acme.example again",
    );
    expect(eventSentence({ type: "client.archived", ...staff, details: { linksRevoked: 2, grantsToReview: 1 } })).toBe(
      "Dana Demo archived the client and revoked 2 open links",
    );
    expect(eventSentence({ type: "settings.updated", ...staff, details: { changes: { name: {}, accentColor: {} } } })).toBe(
      "Dana Demo changed the agency name and the accent colour",
    );
    expect(eventSentence({ type: "team.invited", ...staff, details: { email: "new@demo.example", role: "ADMIN" } })).toBe(
      "Dana Demo invited new@demo.example as Admin",
    );
    expect(
      eventSentence({ type: "team.role_changed", ...staff, subjectName: "Sam", details: { userId: "u1", from: "MEMBER", to: "ADMIN" } }),
    ).toBe("Dana Demo changed Sam's role from Member to Admin");
    expect(
      eventSentence({ type: "team.invitation_cancelled", ...staff, details: { email: "n@d.example", reason: "inviter_left_agency" } }),
    ).toBe("The invitation to n@d.example was cancelled: its sender left the agency");
    expect(eventSentence({ type: "auth.sessions_revoked", ...staff, details: { sessionsEnded: 1, reason: "log_out_others" } })).toBe(
      "Dana Demo logged out of 1 other session",
    );
    expect(
      eventSentence({ type: "grant.verified", ...staff, details: JSON.stringify({ hotjarSiteId: "1234567" }), clientName: "Acme Shoes" }),
    ).toBe("Dana Demo verified the access · Acme Shoes, site 1234567");
    expect(eventSentence({ type: "grant.review_kept", ...staff, details: { nextReviewAt: "2031-03-05T10:00:00.000Z" } })).toBe(
      "Dana Demo reviewed the access and kept it; next review on 5 Mar 2031",
    );
  });

  it("tells the agency who the client forwarded the request to, and what looks different to them (issue 16)", () => {
    const forwarded = { type: "link.forwarded", actorType: "client", details: { to: "ana@client.example", name: "Ana" } };
    expect(eventSentence(forwarded)).toBe("The client forwarded the request to Ana <ana@client.example>");
    expect(eventSentence({ ...forwarded, actorLabel: "Casey Client", clientName: "Acme Shoes" })).toBe(
      "Casey Client forwarded the request to Ana <ana@client.example> · Acme Shoes",
    );
    expect(eventSentence({ ...forwarded, details: JSON.stringify({ to: "ana@client.example", name: null }) })).toBe(
      "The client forwarded the request to ana@client.example",
    );
    expect(eventSentence({ type: "link.steps_reported", actorType: "client", details: { text: "  No Invite Members in my menu " } })).toBe(
      "The client says Hotjar looks different: “No Invite Members in my menu”",
    );
    expect(eventKindLabel("link.forwarded")).toBe("Request forwarded by the client");
    expect(eventKindLabel("link.steps_reported")).toBe("Hotjar steps reported as different");
    expect(eventSentence({ type: "settings.updated", ...staff, details: { changes: { locale: { from: null, to: "es" } } } })).toBe(
      "Dana Demo changed the clients' language",
    );
  });

  it("falls back to a readable form of an unknown type, and never throws on odd details", () => {
    expect(eventSentence({ type: "link.paused_for_review", ...staff })).toBe("Link paused for review, by Dana Demo");
    expect(eventSentence({ type: "worker.swept", actorType: "system" })).toBe("Worker swept");
    for (const details of ["not json", "[1,2]", "null", "", null, '{"sites":"1234567","lifetimeDays":"x","changes":5}']) {
      for (const { type } of EVENT_KINDS) {
        expect(() => describeEvent({ type, actorType: "robot", details })).not.toThrow();
      }
    }
    expect(eventSentence({ type: "link.created", actorType: "api", details: "not json" })).toBe("An integration created a link");
  });

  it("finds the people to look up: the staff actor, and the member a team event is about", () => {
    expect(
      eventPeopleIds({ type: "team.role_changed", actorType: "staff", actorId: "a1", details: '{"userId":"u1","to":"ADMIN"}' }),
    ).toEqual({
      actorId: "a1",
      subjectId: "u1",
    });
    expect(eventPeopleIds({ type: "team.ownership_transferred", actorType: "staff", actorId: "a1", details: { to: "u2" } })).toEqual({
      actorId: "a1",
      subjectId: "u2",
    });
    expect(eventPeopleIds({ type: "link.sent", actorType: "staff", actorId: "a1", details: { to: "c@acme.example" } })).toEqual({
      actorId: "a1",
      subjectId: null,
    });
    expect(eventPeopleIds({ type: "link.opened", actorType: "client", actorId: null })).toEqual({ actorId: null, subjectId: null });
  });
});

describe("words for roles, statuses and counts", () => {
  it("capitalises every team role", () => {
    expect(ROLES.map(teamRoleWords)).toEqual(["Owner", "Admin", "Member"]);
  });

  it("uses Hotjar's own names for the access a link asks for", () => {
    expect(PORTAL_ROLES.map(accessLevelWords)).toEqual(["Viewer (Hotjar: Read Only)", "User (Hotjar: Read & Write)"]);
    for (const role of PORTAL_ROLES) expect(accessLevelWords(role)).toContain(hotjar.roles[role].name);
  });

  it("has a capitalised word for every link and grant status", () => {
    for (const status of [...LINK_STATUSES, ...GRANT_STATUSES]) expect(statusWords(status)).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
    expect(statusWords("INVITE_EXPIRED")).toBe("Invitation expired");
    expect(statusWords("ON_HOLD")).toBe("On hold");
  });

  it("chooses singular or plural by the language's rules, with grouped digits", () => {
    expect(plural(0, "site")).toBe("0 sites");
    expect(plural(1, "site")).toBe("1 site");
    expect(plural(2, "time")).toBe("2 times");
    expect(plural(1204, "link")).toBe("1,204 links");
    expect(plural(1, "reply", "replies")).toBe("1 reply");
    expect(plural(3, "reply", "replies")).toBe("3 replies");
  });

  it("makes codes readable", () => {
    expect(readableCode("team.invitation_resent")).toBe("Team invitation resent");
    expect(readableCode("")).toBe("");
  });
});
