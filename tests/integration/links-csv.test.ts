// The links and grants CSV exports through their routes (issue 15, item 7): attachments that
// are never cached, every cell safe to open in a spreadsheet, only the agency's own rows, the
// list's search and status filter, and links read page by page as the download goes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink } from "~/modules/links/link-page.server";
import { grantsCsvStream, linksCsvStream } from "~/modules/links/links-csv.server";
import { loader as grantsLoader } from "~/routes/a.$agency.grants[.csv]";
import { loader as linksLoader } from "~/routes/a.$agency.links[.csv]";

import { makeAgency, makeClient, makeLink, META, SITE_A, SITE_B, type TestAgency } from "./helpers";

const LINKS_HEADER =
  '"created_at","client","contact_email","recipient","status","grants","sites","role","sent_at","first_opened_at","open_count","expires_at","link_id"';
const GRANTS_HEADER =
  '"invited_at","client","site_id","site_name","role","grantee","granted_by","granted_by_email","status","verified_at","revoked_at","link_id","grant_id"';

let a: TestAgency;
let b: TestAgency;
let slugA: string;
let cookieA: string;
let evilLinkId: string;
let plainLinkId: string;

async function cookieFor(userId: string) {
  return (await startSession(userId)).split(";")[0]!;
}

async function download(which: "links" | "grants", slug: string, cookie: string, qs = "") {
  const request = new Request(`http://localhost:3000/a/${slug}/${which}.csv${qs}`, { headers: { Cookie: cookie } });
  const loader = which === "links" ? linksLoader : grantsLoader;
  return loader({ request, params: { agency: slug }, context: {} } as LoaderFunctionArgs) as Promise<Response>;
}

const rowsOf = async (response: Response) => (await response.text()).trimEnd().split("\r\n");

beforeAll(async () => {
  a = await makeAgency("Agency A");
  b = await makeAgency("Agency B");
  slugA = (await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).slug;
  cookieA = await cookieFor(a.userId);
  // A client whose name and contact a spreadsheet would run as formulas.
  const evil = await makeClient(a, '=HYPERLINK("http://evil.example","click")');
  await db.client.update({ where: { id: evil.id }, data: { contactEmail: "@SUM(1+1)@evil.example" } });
  const plain = await makeClient(a, "Acme Shoes");
  const evilLink = await makeLink(a, evil.id, { siteIds: [SITE_A, SITE_B] });
  evilLinkId = evilLink.id;
  plainLinkId = (await makeLink(a, plain.id, { siteIds: [SITE_B] })).id;
  // The evil link completed by "client" names that are formulas too, one grant verified.
  const done = await completeLink(
    evilLink.token,
    { clientName: "-2+3", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A, SITE_B] },
    META,
  );
  if (!done.ok) throw new Error("setup: completion refused");
  const grant = await db.grant.findFirstOrThrow({ where: { linkId: evilLink.id, hotjarSiteId: SITE_A } });
  await changeGrant(a.agencyId, grant.id, "verify", a.actor);
  // Agency B: a link and a grant on the same sites, never in A's files.
  const bLink = await makeLink(b, (await makeClient(b, "Client of B")).id, { siteIds: [SITE_A] });
  await completeLink(bLink.token, { clientName: "Bea", clientEmail: "bea@b.example", siteIds: [SITE_A] }, META);
});

describe("GET /a/<slug>/links.csv and /grants.csv", () => {
  it("are UTF-8 CSV attachments, never cached, named after the agency and the day", async () => {
    const day = new Date().toISOString().slice(0, 10);
    for (const which of ["links", "grants"] as const) {
      const response = await download(which, slugA, cookieA);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${which}-${slugA}-${day}.csv"`);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("list the agency's links with their grant progress, and only the agency's", async () => {
    const rows = await rowsOf(await download("links", slugA, cookieA));
    expect(rows[0]).toBe(LINKS_HEADER);
    expect(rows).toHaveLength(3);
    const evil = rows.find((r) => r.includes(evilLinkId))!;
    expect(evil).toContain(
      `,"COMPLETED","1 of 2 sites verified","acme-shoes.example (${SITE_A}); blog.acme-shoes.example (${SITE_B})","VIEWER",`,
    );
    expect(rows.join("\n")).not.toContain("Client of B");

    const grants = await rowsOf(await download("grants", slugA, cookieA));
    expect(grants[0]).toBe(GRANTS_HEADER);
    expect(grants).toHaveLength(3);
    // The client's name holds commas: read the status by its neighbours, not by position.
    expect(grants.slice(1).map((r) => /,"(INVITED|ACTIVE|REVOKED|INVITE_EXPIRED)",/.exec(r)?.[1])).toEqual(["ACTIVE", "INVITED"]);
    expect(grants.join("\n")).not.toContain("Client of B");
    expect(grants.join("\n")).not.toContain("Bea");
  });

  it("neutralise every cell a spreadsheet would run as a formula", async () => {
    const links = (await rowsOf(await download("links", slugA, cookieA))).find((r) => r.includes(evilLinkId))!;
    expect(links).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")","'@SUM(1+1)@evil.example",`);
    const grants = (await rowsOf(await download("grants", slugA, cookieA))).slice(1);
    for (const row of grants) {
      expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
      expect(row).toContain(`,"'-2+3",`);
      expect(row).not.toMatch(/(^|,)"[=+@-]/);
    }
  });

  it("apply the list's search and status filter, and drop unusable ones", async () => {
    const bySite = await rowsOf(await download("links", slugA, cookieA, `?q=${SITE_A}`));
    expect(bySite.slice(1).map((r) => r.split(",").at(-1))).toEqual([`"${evilLinkId}"`]);
    const pending = await rowsOf(await download("links", slugA, cookieA, "?status=PENDING&cursor=x!"));
    expect(pending.slice(1).map((r) => r.split(",").at(-1))).toEqual([`"${plainLinkId}"`]);
    const grantsOfPending = await rowsOf(await download("grants", slugA, cookieA, "?status=PENDING"));
    expect(grantsOfPending).toEqual([GRANTS_HEADER]);
    const grantsByName = await rowsOf(await download("grants", slugA, cookieA, "?q=hyperlink&status=nonsense"));
    expect(grantsByName).toHaveLength(3);
    const none = await rowsOf(await download("links", slugA, cookieA, "?q=nobody"));
    expect(none).toEqual([LINKS_HEADER]);
  });

  it("hide the agency from outsiders", async () => {
    await expect(download("links", slugA, await cookieFor(b.userId))).rejects.toMatchObject({ status: 404 });
    await expect(download("grants", slugA, await cookieFor(b.userId))).rejects.toMatchObject({ status: 404 });
  });
});

describe("the exports read links a page at a time", () => {
  it("every row arrives once across pages, in the list's order, grants following their links", async () => {
    const agency = await makeAgency("Paged");
    const client = await makeClient(agency, "Paged client");
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const link = await makeLink(agency, client.id, { siteIds: [SITE_A] });
      await completeLink(link.token, { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] }, META);
      ids.push(link.id);
    }
    const newestFirst = (
      await db.onboardingLink.findMany({ where: { agencyId: agency.agencyId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })
    ).map((l) => l.id);
    const links = (await new Response(linksCsvStream(agency.agencyId, {}, new Date(), 3)).text()).trimEnd().split("\r\n").slice(1);
    expect(links.map((r) => r.split(",").at(-1)!.replaceAll('"', ""))).toEqual(newestFirst);
    const grants = (await new Response(grantsCsvStream(agency.agencyId, {}, new Date(), 3)).text()).trimEnd().split("\r\n").slice(1);
    expect(grants.map((r) => r.split(",").at(-2)!.replaceAll('"', ""))).toEqual(newestFirst);
  });
});
