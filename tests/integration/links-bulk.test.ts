// Issue 18, item 5: bulk links from a CSV, through the routes' own loaders and actions on a real
// database. A good file makes every client and link, marked with the upload's batch id; a file
// with one bad row makes nothing and says which row and column; limits are refused in words; the
// download lists the links with URLs that open, cells a spreadsheet would run made safe; another
// agency's upload is not found.
import { randomUUID } from "node:crypto";

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { settleRunningUploads, startBulkLinks } from "~/modules/links/bulk-csv.server";
import { BULK_COLUMNS, BULK_MAX_BYTES } from "~/modules/links/bulk-format";
import { completeLink } from "~/modules/links/link-page.server";
import { verifyToken } from "~/modules/links/link-url.server";
import { action as uploadAction } from "~/routes/a.$agency.links.bulk._index";
import { action as batchAction, loader as batchLoader } from "~/routes/a.$agency.links.bulk.$batchId";
import { loader as downloadLoader } from "~/routes/a.$agency.links.bulk.$batchId.links[.csv]";
import { loader as templateLoader } from "~/routes/a.$agency.links.bulk.template[.csv]";

import { onPostgres } from "../setup/test-database";
import { flashOf, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency, tokenOf } from "./helpers";

let owner: TestAgency;
let other: TestAgency;
let slug: string;
let otherSlug: string;
let cookie: string;
let otherCookie: string;

beforeAll(async () => {
  owner = await makeAgency("Bulk Upload Agency");
  other = await makeAgency("Other Bulk Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
  otherSlug = (await db.agency.findUniqueOrThrow({ where: { id: other.agencyId } })).slug;
  cookie = (await startSession(owner.userId)).split(";")[0]!;
  otherCookie = (await startSession(other.userId)).split(";")[0]!;
});

type Row = Partial<Record<(typeof BULK_COLUMNS)[number], string>>;

const GOOD: Row = {
  contact_name: "Casey Client",
  role: "Viewer",
  lifetime_days: "14",
  reason: "Quarterly review of the checkout funnel",
  language: "",
  site_url: "",
  recipient_email: "",
};

function csvOf(rows: Row[]): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [BULK_COLUMNS.join(","), ...rows.map((r) => BULK_COLUMNS.map((c) => quote(r[c] ?? "")).join(","))].join("\r\n") + "\r\n";
}

function goodRows(count: number, prefix = "Client"): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    ...GOOD,
    client_name: `${prefix} ${i + 1}`,
    contact_email: `contact-${i + 1}@${prefix.toLowerCase().replace(/\W/g, "")}.example`,
    hotjar_site_id: String(1_000_000 + i),
    site_name: `site-${i + 1}.example`,
  }));
}

async function settle(run: () => Promise<unknown>): Promise<Response> {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function post(path: string, body: FormData, as = cookie, agency = slug) {
  const request = new Request(`http://localhost:3000/a/${agency}/links/bulk${path}`, { method: "POST", headers: { Cookie: as }, body });
  return request;
}

async function upload(csv: string | Uint8Array, as = cookie, agency = slug) {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([csv as BlobPart], "links.csv", { type: "text/csv" }));
  return settle(() => uploadAction({ request: post("", form, as, agency), params: { agency }, context: {} } as ActionFunctionArgs));
}

/** "Create" as the preview's form posts it: the text and the upload id the preview chose. */
async function create(csv: string, batchId: string = randomUUID()) {
  const form = new FormData();
  form.set("intent", "create");
  form.set("csv", csv);
  form.set("batchId", batchId);
  return settle(() => uploadAction({ request: post("", form), params: { agency: slug }, context: {} } as ActionFunctionArgs));
}

async function download(batchId: string, as = cookie, agency = slug) {
  const request = new Request(`http://localhost:3000/a/${agency}/links/bulk/${batchId}/links.csv`, { headers: { Cookie: as } });
  return settle(() => downloadLoader({ request, params: { agency, batchId }, context: {} } as LoaderFunctionArgs));
}

type BatchPage = {
  state: string;
  linkCount: number;
  sentCount: number;
  error: string | null;
  progress: { done: number; total: number } | null;
};

async function batchPage(batchId: string): Promise<BatchPage> {
  const request = new Request(`http://localhost:3000/a/${slug}/links/bulk/${batchId}`, { headers: { Cookie: cookie } });
  const response = await settle(() => batchLoader({ request, params: { agency: slug, batchId }, context: {} } as LoaderFunctionArgs));
  return (await response.json()) as BatchPage;
}

/** The upload's page once its create has ended (it runs in the background): what the agency then sees. */
async function finished(batchId: string): Promise<BatchPage> {
  for (;;) {
    const page = await batchPage(batchId);
    if (page.state !== "CREATING") return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const batchOf = (response: Response) => /\/links\/bulk\/([0-9a-f-]{36})$/.exec(response.headers.get("Location") ?? "")?.[1];

type Preview = {
  message?: string;
  preview?: {
    ok: boolean;
    rowCount: number;
    linkCount: number;
    errorRowCount: number;
    errorRows: { row: number; errors: { column: string; message: string }[] }[];
  };
};

describe("bulk links from a CSV", () => {
  it("offers a template with the header and two example rows", async () => {
    const request = new Request(`http://localhost:3000/a/${slug}/links/bulk/template.csv`, { headers: { Cookie: cookie } });
    const response = await settle(() => templateLoader({ request, params: { agency: slug }, context: {} } as LoaderFunctionArgs));
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const rows = parse(await response.text()) as string[][];
    expect(rows[0]).toEqual([...BULK_COLUMNS]);
    expect(rows).toHaveLength(3);
  });

  it("turns 1,000 good rows into 1,000 clients and links of one upload, downloadable with working URLs", async () => {
    const csv = csvOf(goodRows(1_000));
    const preview = (await (await upload(csv)).json()) as Preview;
    expect(preview.preview).toMatchObject({ ok: true, rowCount: 1_000, linkCount: 1_000, errorRowCount: 0 });
    // The preview creates nothing.
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId } })).toBe(0);

    const response = await create(csv);
    expect(response.status).toBe(302);
    const batchId = batchOf(response)!;
    expect(batchId).toBeTruthy();
    // Said at once when it was done within the moment Create waits; else the page shows it.
    const flash = await flashOf(response);
    if (flash) expect(flash.message).toBe("1,000 links created.");
    expect(await finished(batchId)).toMatchObject({ state: "CREATED", linkCount: 1_000 });

    const links = await db.onboardingLink.findMany({
      where: { agencyId: owner.agencyId },
      include: { client: { include: { sites: true } } },
    });
    expect(links).toHaveLength(1_000);
    expect(links.every((l) => l.batchId === batchId && l.createdById === owner.userId)).toBe(true);
    const client7 = links.find((l) => l.client.name === "Client 7")!;
    expect(client7.client.contactEmail).toBe("contact-7@client.example");
    expect(client7.recipientEmail).toBe("contact-7@client.example");
    expect(client7.client.sites.map((s) => [s.hotjarSiteId, s.name])).toEqual([["1000006", "site-7.example"]]);
    expect(client7.role).toBe("VIEWER");
    expect(client7.expiresAt.getTime() - client7.createdAt.getTime()).toBeGreaterThan(13.9 * 24 * 3600_000);
    expect(await db.client.count({ where: { agencyId: owner.agencyId } })).toBe(1_000);
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "link.created" } })).toBe(1_000);
    const batchEvents = await db.event.findMany({ where: { agencyId: owner.agencyId, type: "link.batch_created" } });
    expect(batchEvents).toHaveLength(1);
    expect(JSON.parse(batchEvents[0]!.details)).toMatchObject({ batchId, links: 1_000, clients: 1_000 });

    const file = await download(batchId);
    expect(file.status).toBe(200);
    const rows = parse(await file.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1_000);
    const row7 = rows.find((r) => r.client === "Client 7")!;
    expect(row7).toMatchObject({ contact: "Casey Client", recipient: "contact-7@client.example", sites: "site-7.example (1000006)" });
    const claims = verifyToken(tokenOf(row7.url!));
    expect(claims?.linkId).toBe(client7.id);
    expect(row7.expires_at).toBe(client7.expiresAt.toISOString());

    // The same file again names 1,000 existing clients: each is reused, none made twice.
    const again = (await (await upload(csv)).json()) as Preview & { preview: { existingClients: number; newClients: number } };
    expect(again.preview).toMatchObject({ ok: true, linkCount: 1_000, existingClients: 1_000, newClients: 0 });

    // The result page says so, and offers to email each client.
    const page = await settle(() =>
      batchLoader({
        request: new Request(`http://localhost:3000/a/${slug}/links/bulk/${batchId}`, { headers: { Cookie: cookie } }),
        params: { agency: slug, batchId },
        context: {},
      } as LoaderFunctionArgs),
    );
    expect(await page.json()).toMatchObject({ state: "CREATED", linkCount: 1_000, sentCount: 0 });
  }, 120_000);

  it("creates 5,000 rows in the background, the upload's page showing the links made so far, then the result", async () => {
    const csv = csvOf(goodRows(5_000, "Large"));
    const preview = (await (await upload(csv)).json()) as Preview & { batchId: string };
    expect(preview.preview).toMatchObject({ ok: true, linkCount: 5_000 });
    const started = Date.now();
    const response = await create(csv, preview.batchId);
    expect(response.status).toBe(302);
    // Create answers within moments (the check, then at most the wait for a small upload), not after the whole create.
    expect(await flashOf(response)).toBeFalsy();
    const seen: number[] = [];
    let page = await batchPage(preview.batchId);
    while (page.state === "CREATING") {
      if (page.progress) seen.push(page.progress.done);
      await new Promise((resolve) => setTimeout(resolve, 25));
      page = await batchPage(preview.batchId);
    }
    expect(page).toMatchObject({ state: "CREATED", linkCount: 5_000, error: null, progress: null });
    // The page answered while it ran (on SQLite too: reads do not wait for the writer), and its
    // count moved: some links made and more to make, never back.
    expect(seen.some((done) => done > 0 && done < 5_000)).toBe(true);
    expect(seen.every((done, i) => done <= 5_000 && (i === 0 || done >= seen[i - 1]!))).toBe(true);
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId, batchId: preview.batchId } })).toBe(5_000);
    console.info(`5,000 CSV rows created in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);

  it("creates nothing from a file with bad rows, and names each one's row and column", async () => {
    const before = await db.onboardingLink.count({ where: { agencyId: owner.agencyId } });
    const clientsBefore = await db.client.count({ where: { agencyId: owner.agencyId } });
    const rows = goodRows(6, "Faulty");
    rows[1]!.hotjar_site_id = "12ab"; // row 3
    rows[2]!.reason = ""; // row 4
    rows[3]!.contact_email = "not-an-email"; // row 5
    rows[4]!.role = "Admin"; // row 6
    const csv = csvOf(rows);
    const response = await upload(csv);
    expect(response.status).toBe(400);
    const { preview } = (await response.json()) as Preview;
    expect(preview).toMatchObject({ ok: false, rowCount: 6, linkCount: 0, errorRowCount: 4 });
    const errorsOf = (row: number) => preview!.errorRows.find((r) => r.row === row)?.errors.map((e) => e.column);
    expect(errorsOf(3)).toEqual(["hotjar_site_id"]);
    expect(errorsOf(4)).toEqual(["reason"]);
    expect(errorsOf(5)).toEqual(["contact_email"]);
    expect(errorsOf(6)).toEqual(["role"]);
    expect(preview!.errorRows.find((r) => r.row === 6)?.errors[0]?.message).toBe("Choose Viewer or User (Admin is never requested)");
    // The rows with errors come first.
    expect(preview!.errorRows.map((r) => r.row)).toEqual([3, 4, 5, 6]);

    // Posting the same text to "create" (as a tampered preview would) is checked again: nothing made.
    const created = await create(csv);
    expect(created.status).toBe(400);
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId } })).toBe(before);
    expect(await db.client.count({ where: { agencyId: owner.agencyId } })).toBe(clientsBefore);
  });

  it("keeps nothing when the database refuses a link half way through: clients, links and events roll back together", async () => {
    // A real database fault (a trigger), not a stand-in: the 31st client's link cannot be stored.
    const statements = onPostgres
      ? [
          `CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END; $$ LANGUAGE plpgsql`,
          `CREATE TRIGGER refuse_boom BEFORE INSERT ON "OnboardingLink" FOR EACH ROW WHEN (NEW.reason = 'Boom reason here') EXECUTE FUNCTION refuse_boom()`,
        ]
      : [
          `CREATE TRIGGER refuse_boom BEFORE INSERT ON "OnboardingLink" WHEN NEW.reason = 'Boom reason here' BEGIN SELECT RAISE(ABORT, 'boom'); END`,
        ];
    for (const sql of statements) await db.$executeRawUnsafe(sql);
    const failedBatch = randomUUID();
    const rows = goodRows(40, "Halfway");
    rows[30]!.reason = "Boom reason here";
    try {
      const counts = async () => ({
        clients: await db.client.count({ where: { agencyId: owner.agencyId } }),
        links: await db.onboardingLink.count({ where: { agencyId: owner.agencyId } }),
        events: await db.event.count({ where: { agencyId: owner.agencyId } }),
      });
      const before = await counts();
      const response = await create(csvOf(rows), failedBatch);
      expect(response.status).toBe(302);
      const page = await finished(batchOf(response)!);
      expect(page.state).toBe("FAILED");
      expect(page.error).toBe("Something went wrong while creating the links. Nothing was created: upload the file again.");
      expect(await counts()).toEqual(before);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_boom${onPostgres ? ' ON "OnboardingLink"' : ""}`);
      if (onPostgres) await db.$executeRawUnsafe("DROP FUNCTION refuse_boom()");
    }
    // Create pressed again once the fault is gone (the preview still open): the upload starts anew.
    const again = await create(csvOf(rows), failedBatch);
    expect(again.status).toBe(302);
    expect(await finished(failedBatch)).toMatchObject({ state: "CREATED", linkCount: 40, error: null });
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId, batchId: failedBatch } })).toBe(40);
  });

  it("makes one client with its sites and one link from the rows of one client, and reuses an existing client", async () => {
    const agency = await makeAgency("Grouping Agency");
    const agencySlug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
    const agencyCookie = (await startSession(agency.userId)).split(";")[0]!;
    const existing = await makeClient(agency, "Acme Shoes");
    const rows: Row[] = [
      { ...GOOD, client_name: "Globex", contact_email: "gina@globex.example", hotjar_site_id: "3456789", site_name: "globex.example" },
      { ...GOOD, client_name: "Globex", contact_email: "gina@globex.example", hotjar_site_id: "4567890", site_name: "shop.globex.example" },
      { ...GOOD, client_name: "acme shoes", contact_email: "casey@acme-shoes.example", hotjar_site_id: SITE_B, site_name: "blog" },
    ];
    const form = new FormData();
    form.set("intent", "create");
    form.set("csv", csvOf(rows));
    form.set("batchId", randomUUID());
    const request = post("", form, agencyCookie, agencySlug);
    const response = await settle(() => uploadAction({ request, params: { agency: agencySlug }, context: {} } as ActionFunctionArgs));
    expect(response.status).toBe(302);
    const links = await db.onboardingLink.findMany({
      where: { agencyId: agency.agencyId },
      include: { client: { include: { sites: true } } },
    });
    expect(links).toHaveLength(2);
    const globex = links.find((l) => l.client.name === "Globex")!;
    expect(globex.client.sites.map((s) => s.hotjarSiteId).sort()).toEqual(["3456789", "4567890"]);
    expect(JSON.parse(globex.requestedSites).map((s: { hotjarSiteId: string }) => s.hotjarSiteId)).toEqual(["3456789", "4567890"]);
    expect(links.find((l) => l.clientId === existing.id)).toBeTruthy();
    expect(await db.client.count({ where: { agencyId: agency.agencyId } })).toBe(2);

    // The same existing client with a site it does not have yet is an error on that row.
    const again = await upload(
      csvOf([{ ...GOOD, client_name: "Acme Shoes", contact_email: "casey@acme-shoes.example", hotjar_site_id: "7777777", site_name: "x" }]),
      agencyCookie,
      agencySlug,
    );
    const { preview } = (await again.json()) as Preview;
    expect(preview?.errorRows[0]).toMatchObject({ row: 2, errors: [{ column: "hotjar_site_id" }] });
    expect(SITE_A).toBeTruthy();
  });

  it("refuses a row asking an existing client again for a site the agency already holds actively (the New link page's rule)", async () => {
    const agency = await makeAgency("Granted Bulk Agency");
    const agencySlug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
    const agencyCookie = (await startSession(agency.userId)).split(";")[0]!;
    const client = await makeClient(agency, "Acme Shoes");
    // A completed, verified link: the agency holds active access to SITE_A.
    const t0 = nowSeconds();
    const granted = await makeLink(agency, client.id, { siteIds: [SITE_A], now: t0 });
    const done = await completeLink(
      granted.token,
      { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
      META,
      addMinutes(t0, 1),
    );
    expect(done.ok).toBe(true);
    for (const g of await db.grant.findMany({ where: { linkId: granted.id } })) {
      await changeGrant(agency.agencyId, g.id, "verify", agency.actor, addMinutes(t0, 2));
    }
    const rows: Row[] = [
      { ...GOOD, client_name: "Acme Shoes", contact_email: "casey@acme-shoes.example", hotjar_site_id: SITE_A, site_name: "shop" },
      { ...GOOD, client_name: "Acme Shoes", contact_email: "casey@acme-shoes.example", hotjar_site_id: SITE_B, site_name: "blog" },
    ];
    const response = await upload(csvOf(rows), agencyCookie, agencySlug);
    expect(response.status).toBe(400);
    const { preview } = (await response.json()) as Preview;
    expect(preview).toMatchObject({ ok: false, errorRowCount: 1, linkCount: 0 });
    expect(preview!.errorRows).toHaveLength(1);
    expect(preview!.errorRows[0]).toMatchObject({ row: 2, errors: [{ column: "hotjar_site_id" }] });
    expect(preview!.errorRows[0]!.errors[0]!.message).toContain("already granted: ask again from the New link page");

    // "Create" checks again: no second link for the site.
    const form = new FormData();
    form.set("intent", "create");
    form.set("csv", csvOf(rows));
    form.set("batchId", randomUUID());
    const request = post("", form, agencyCookie, agencySlug);
    const created = await settle(() => uploadAction({ request, params: { agency: agencySlug }, context: {} } as ActionFunctionArgs));
    expect(created.status).toBe(400);
    expect(await db.onboardingLink.count({ where: { agencyId: agency.agencyId } })).toBe(1);
  });

  it("makes one set of links when Create is pressed twice, even while the first is still running", async () => {
    const csv = csvOf(goodRows(40, "Twice"));
    const preview = (await (await upload(csv)).json()) as Preview & { batchId: string };
    expect(preview.batchId).toMatch(/^[0-9a-f-]{36}$/);
    const twice = { client: { name: { startsWith: "Twice" } } };
    // A resubmit while the first create runs (a proxy gave up on it), then another once it is done.
    const [first, second] = await Promise.all([create(csv, preview.batchId), create(csv, preview.batchId)]);
    const third = await create(csv, preview.batchId);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([302, 409]);
    for (const refused of [first.status === 409 ? first : second, third]) {
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as { message: string; batchUrl: string };
      expect(body.message).toContain("already created");
      expect(body.batchUrl).toBe(`/a/${slug}/links/bulk/${preview.batchId}`);
    }
    expect((await finished(preview.batchId)).state).toBe("CREATED");
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId, ...twice } })).toBe(40);
    expect(await db.client.count({ where: { agencyId: owner.agencyId, name: { startsWith: "Twice" } } })).toBe(40);

    // A create without the preview's id is not guessed at.
    const form = new FormData();
    form.set("intent", "create");
    form.set("csv", csv);
    const missing = await settle(() =>
      uploadAction({ request: post("", form), params: { agency: slug }, context: {} } as ActionFunctionArgs),
    );
    expect(missing.status).toBe(400);
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId, ...twice } })).toBe(40);
  });

  it("lets a stopping server wait for an upload still being created, which then ends created", async () => {
    const csv = csvOf(goodRows(300, "Draining"));
    const started = await startBulkLinks(owner.agencyId, owner.actor, csv, "grantee@agency.example", { waitMs: 0 });
    expect(started).toMatchObject({ ok: true, state: "CREATING" });
    // What server/index.ts does on SIGTERM before it exits.
    await settleRunningUploads();
    expect(await batchPage((started as { batchId: string }).batchId)).toMatchObject({ state: "CREATED", linkCount: 300 });
  });

  it("says an upload whose create died with its server made nothing, and offers to upload again", async () => {
    const batchId = randomUUID();
    // What a server stopped mid-create leaves: the claim, never ended (the database rolled the rest back).
    await db.bulkUpload.create({
      data: {
        agencyId: owner.agencyId,
        batchId,
        createdById: owner.userId,
        status: "CREATING",
        rowCount: 3,
        linkCount: 3,
        clientCount: 3,
        createdAt: addMinutes(new Date(), -20),
      },
    });
    expect(await batchPage(batchId)).toMatchObject({
      state: "INTERRUPTED",
      error: "The create was interrupted (the server restarted). Nothing was created: upload the file again.",
    });
  });

  it("refuses a file over 5,000 rows or over 2 MB, and one that is not UTF-8, in words", async () => {
    const tooMany = (await (await upload(csvOf(goodRows(5_001, "Many")))).json()) as Preview;
    expect(tooMany.message).toBe("The file has more than 5,000 rows: split it into several uploads.");
    const big = new Uint8Array(BULK_MAX_BYTES + 1).fill(0x61);
    const tooBig = (await (await upload(big)).json()) as Preview;
    expect(tooBig.message).toBe("The file is larger than 2 MB: split it into several uploads.");
    const latin1 = new Uint8Array([...new TextEncoder().encode(`${BULK_COLUMNS.join(",")}\r\nCaf`), 0xe9, 0x0d, 0x0a]);
    expect(((await (await upload(latin1)).json()) as Preview).message).toMatch(/not UTF-8/);
    expect(await db.onboardingLink.count({ where: { agencyId: owner.agencyId, client: { name: { startsWith: "Many" } } } })).toBe(0);
  }, 60_000);

  it("answers 404 for another agency's upload: page, download and email", async () => {
    const response = await create(csvOf(goodRows(2, "Private")));
    const batchId = batchOf(response)!;
    expect((await download(batchId, otherCookie, otherSlug)).status).toBe(404);
    const request = new Request(`http://localhost:3000/a/${otherSlug}/links/bulk/${batchId}`, { headers: { Cookie: otherCookie } });
    const page = await settle(() => batchLoader({ request, params: { agency: otherSlug, batchId }, context: {} } as LoaderFunctionArgs));
    expect(page.status).toBe(404);
    const form = new FormData();
    form.set("intent", "email");
    form.set("confirmed", "yes");
    const emailed = await settle(() =>
      batchAction({
        request: new Request(`http://localhost:3000/a/${otherSlug}/links/bulk/${batchId}`, {
          method: "POST",
          headers: { Cookie: otherCookie },
          body: form,
        }),
        params: { agency: otherSlug, batchId },
        context: {},
      } as ActionFunctionArgs),
    );
    expect(emailed.status).toBe(404);
    expect(await db.outboundEmail.count({ where: { agencyId: owner.agencyId, template: "link-invitation" } })).toBe(0);
    expect((await download("not-a-batch")).status).toBe(404);
  });

  it("emails each client their link once, after a confirmation", async () => {
    const response = await create(csvOf(goodRows(3, "Mailed")));
    const batchId = batchOf(response)!;
    const send = async (confirmed: boolean) => {
      const form = new FormData();
      form.set("intent", "email");
      if (confirmed) form.set("confirmed", "yes");
      const request = new Request(`http://localhost:3000/a/${slug}/links/bulk/${batchId}`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: form,
      });
      return settle(() => batchAction({ request, params: { agency: slug, batchId }, context: {} } as ActionFunctionArgs));
    };
    const mailed = { agencyId: owner.agencyId, template: "link-invitation", to: { endsWith: "@mailed.example" } };
    expect((await send(false)).status).toBe(200);
    expect(await db.outboundEmail.count({ where: mailed })).toBe(0);
    expect((await flashOf(await send(true)))?.message).toBe("3 emails queued: they go out within a few minutes.");
    expect(await db.outboundEmail.count({ where: mailed })).toBe(3);
    await send(true);
    expect(await db.outboundEmail.count({ where: mailed })).toBe(3);
  });

  it("emails each link once when two presses of Email each client arrive at the same moment", async () => {
    const batchId = batchOf(await create(csvOf(goodRows(12, "Raced"))))!;
    const send = () => {
      const form = new FormData();
      form.set("intent", "email");
      form.set("confirmed", "yes");
      const request = new Request(`http://localhost:3000/a/${slug}/links/bulk/${batchId}`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: form,
      });
      return settle(() => batchAction({ request, params: { agency: slug, batchId }, context: {} } as ActionFunctionArgs));
    };
    const responses = await Promise.all([send(), send()]);
    expect(responses.map((r) => r.status)).toEqual([302, 302]);
    const emails = await db.outboundEmail.findMany({
      where: { agencyId: owner.agencyId, template: "link-invitation", to: { endsWith: "@raced.example" } },
    });
    expect(emails).toHaveLength(12);
    expect(new Set(emails.map((e) => e.to)).size).toBe(12);
    const linkIds = (await db.onboardingLink.findMany({ where: { batchId }, select: { id: true } })).map((l) => l.id);
    const sentEvents = await db.event.findMany({ where: { agencyId: owner.agencyId, type: "link.sent", linkId: { in: linkIds } } });
    expect(sentEvents).toHaveLength(12);
    expect(sentEvents.every((e) => JSON.parse(e.details).again === false)).toBe(true);
  });

  it("neutralises cells a spreadsheet would run as formulas in the download", async () => {
    const rows = goodRows(1, "Formula");
    rows[0]!.client_name = '=HYPERLINK("http://evil.example","Click")';
    rows[0]!.contact_name = "@SUM(1+1)";
    const response = await create(csvOf(rows));
    expect(response.status).toBe(302);
    const text = await (await download(batchOf(response)!)).text();
    const [row] = parse(text, { columns: true }) as Record<string, string>[];
    expect(row!.client).toBe(`'=HYPERLINK("http://evil.example","Click")`);
    expect(row!.contact).toBe("'@SUM(1+1)");
  });
});
