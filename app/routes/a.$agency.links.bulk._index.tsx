import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AlertTriangle, Download, FileUp, Loader2 } from "lucide-react";
import { useState } from "react";
import { z } from "zod";

import { Badge } from "~/components/ui/badge";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { plural } from "~/modules/audit/event-words";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { BATCH_ID_PATTERN } from "~/modules/links/bulk-batch.server";
import { type BulkCheck, checkBulkCsv, decodeBulkCsv, newBatchId, startBulkLinks } from "~/modules/links/bulk-csv.server";
import { BULK_COLUMNS, BULK_MAX_BYTES, BULK_MAX_ROWS, type BulkColumn, type BulkRow, FILE_TOO_LARGE } from "~/modules/links/bulk-format";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Upload links", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:write");
    return json({ slug: agency.slug });
  });
}

type ActionData =
  | { message: string; batchUrl?: string; csv?: undefined }
  | { message?: undefined; csv: string; batchId: string; preview: Extract<BulkCheck, { ok: true }>["preview"] };

/** The check's answer for the page: a file-level message, or the preview with the text (and upload id) to post again. */
function answer(check: BulkCheck, csv: string, batchId: string) {
  if (!check.ok) return json<ActionData>({ message: check.message }, { status: 400 });
  return json<ActionData>({ csv, batchId, preview: check.preview }, { status: check.preview.ok ? 200 : 400 });
}

const CreateFields = z.object({ csv: z.string(), batchId: z.string().regex(BATCH_ID_PATTERN) });

/**
 * "preview" reads the uploaded file; "create" reads the text the preview put in its form, and
 * checks it all again (the preview's answer is never trusted). The body is bounded before this
 * runs (server/body-limit.ts).
 */
export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "links:write");
    const formData = await request.formData();
    const intent = formData.get("intent");
    if (intent === "create") {
      const fields = CreateFields.safeParse({ csv: formData.get("csv"), batchId: formData.get("batchId") });
      if (!fields.success) return json<ActionData>({ message: "Upload the file again." }, { status: 400 });
      const { csv, batchId } = fields.data;
      const actor = { type: "staff" as const, id: user.id, label: user.email };
      const result = await startBulkLinks(agency.id, actor, csv, agency.granteeEmail, { batchId });
      if (!result.ok && "alreadyCreated" in result) {
        return json<ActionData>(
          {
            message: "These links were already created (Create was pressed twice): nothing was made a second time.",
            batchUrl: `/a/${agency.slug}/links/bulk/${result.alreadyCreated}`,
          },
          { status: 409 },
        );
      }
      if (!result.ok) return answer(result.check, csv, batchId);
      const batchUrl = `/a/${agency.slug}/links/bulk/${result.batchId}`;
      // Still creating: its page shows the progress, and how it ended.
      if (result.state !== "CREATED") return redirect(batchUrl);
      return redirectWithFlash(batchUrl, { kind: "success", message: `${plural(result.linkCount, "link")} created.` });
    }
    const file = formData.get("file");
    if (!file || typeof file === "string" || file.size === 0) {
      return json<ActionData>({ message: "Choose a CSV file to upload." }, { status: 400 });
    }
    if (file.size > BULK_MAX_BYTES) return json<ActionData>({ message: FILE_TOO_LARGE }, { status: 400 });
    const decoded = decodeBulkCsv(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) return json<ActionData>({ message: decoded.message }, { status: 400 });
    return answer(await checkBulkCsv(agency.id, decoded.text, agency.granteeEmail), decoded.text, newBatchId());
  });
}

const COLUMN_WORDS: Record<BulkColumn, string> = {
  client_name: "Client",
  contact_name: "Contact",
  contact_email: "Contact email",
  hotjar_site_id: "Site ID",
  site_name: "Site name",
  site_url: "Site URL",
  role: "Role",
  lifetime_days: "Lifetime (days)",
  reason: "Reason",
  language: "Language",
  recipient_email: "Send to",
};

export default function BulkLinks() {
  const { slug } = useLoaderData<typeof loader>();
  const data = useActionData() as ActionData | undefined;
  const [tooLarge, setTooLarge] = useState(false);
  const base = `/a/${slug}/links`;
  return (
    <>
      <PageHeader
        title="Upload links from a CSV"
        description="One row per client and site: the rows of one client (same name and contact email) make one client and one link for all its sites."
        actions={
          <a className={buttonClasses("secondary")} href={`${base}/bulk/template.csv`} download>
            <Download aria-hidden className="h-4 w-4" /> Download the template
          </a>
        }
      />
      <Card title="1. Choose the file" className="mb-4">
        <p className="mt-0 text-sm text-muted">
          CSV in UTF-8, at most {BULK_MAX_ROWS.toLocaleString("en-GB")} rows and {BULK_MAX_BYTES / 1024 / 1024} MB. Columns:{" "}
          <code className="[&_td>div]:[overflow-wrap:anywhere]">{BULK_COLUMNS.join(", ")}</code>. Site URL, language and recipient email may
          be empty (the link then goes to the contact). Role is Viewer or User. Nothing is created until you confirm.
        </p>
        <Form method="post" encType="multipart/form-data" className="m-0 flex flex-wrap items-end gap-3">
          <div className="field m-0">
            <label htmlFor="bulk-file">CSV file</label>
            <input
              id="bulk-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              className="max-w-full"
              onChange={(e) => setTooLarge((e.currentTarget.files?.[0]?.size ?? 0) > BULK_MAX_BYTES)}
            />
            {tooLarge ? (
              <p className="m-0 mt-1 text-sm text-danger" role="alert">
                {FILE_TOO_LARGE}
              </p>
            ) : null}
          </div>
          <SubmitButton intent="preview" variant="secondary" pendingLabel="Checking the file…" disabled={tooLarge}>
            <FileUp aria-hidden className="h-4 w-4" /> Check the file
          </SubmitButton>
        </Form>
      </Card>
      {data?.message ? (
        <div className="mb-4 rounded-lg border border-solid border-danger bg-danger-soft p-4" role="alert" data-testid="bulk-file-error">
          <h2 className="m-0 mb-1 text-base font-semibold">{data.batchUrl ? "Already created" : "The file cannot be used"}</h2>
          <p className="m-0">{data.message}</p>
          {data.batchUrl ? (
            <Link className={`${buttonClasses("secondary")} mt-3`} to={data.batchUrl}>
              See the links of this upload
            </Link>
          ) : null}
        </div>
      ) : null}
      {data?.csv !== undefined && data.preview ? <Preview csv={data.csv} batchId={data.batchId} preview={data.preview} /> : null}
      <p className="text-sm text-muted">
        One link at a time? <Link to={`${base}/new`}>Create a link</Link>.
      </p>
    </>
  );
}

type PreviewData = Extract<ActionData, { csv: string }>["preview"];

function Preview({ csv, batchId, preview }: { csv: string; batchId: string; preview: PreviewData }) {
  const navigation = useNavigation();
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  const shown = preview.errorRows.length + preview.sampleRows.length;
  return (
    <Card title="2. Check the rows" className="mb-4">
      <ul className="m-0 mb-3 flex list-none flex-wrap gap-2 p-0" data-testid="bulk-counts">
        <li>
          <Badge>{plural(preview.rowCount, "row")}</Badge>
        </li>
        {preview.ok ? (
          <>
            <li>
              <Badge tone="info">{plural(preview.linkCount, "link")}</Badge>
            </li>
            <li>
              <Badge>{plural(preview.newClients, "new client")}</Badge>
            </li>
            {preview.existingClients > 0 ? (
              <li>
                <Badge>{plural(preview.existingClients, "existing client")}</Badge>
              </li>
            ) : null}
          </>
        ) : (
          <li>
            <Badge tone="danger">{plural(preview.errorRowCount, "row")} with errors</Badge>
          </li>
        )}
      </ul>
      {preview.ok ? null : (
        <p className="m-0 mb-3 flex items-start gap-2 text-danger" role="alert">
          <AlertTriangle aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
          Fix the rows below in your spreadsheet and upload the file again: nothing is created while any row has an error.
        </p>
      )}
      <Table data-testid="bulk-rows" className="[&_td>div]:[overflow-wrap:anywhere]">
        <thead>
          <tr>
            <Th>Row</Th>
            <Th>Client</Th>
            <Th>Site</Th>
            <Th>Send to</Th>
            <Th>Check</Th>
          </tr>
        </thead>
        <tbody>
          {[...preview.errorRows, ...preview.sampleRows].map((r) => (
            <RowLine key={r.row} row={r} />
          ))}
        </tbody>
      </Table>
      {preview.rowCount > shown ? (
        <p className="text-sm text-muted">
          {preview.errorRowCount > preview.errorRows.length
            ? `The first ${preview.errorRows.length} rows with errors are shown; ${plural(preview.errorRowCount - preview.errorRows.length, "more row")} with errors are not. `
            : ""}
          {plural(preview.rowCount - shown, "more row")} not shown.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="m-0 mt-3">
        <input type="hidden" name="csv" value={csv} />
        <input type="hidden" name="batchId" value={batchId} />
        <SubmitButton intent="create" disabled={!preview.ok} pendingLabel={`Creating ${plural(preview.linkCount, "link")}…`}>
          {preview.ok ? `Create ${plural(preview.linkCount, "link")}` : "Create links (fix the errors first)"}
        </SubmitButton>
        {creating ? (
          <p className="m-0 mt-2 flex items-center gap-2 text-sm text-muted" role="status" data-testid="bulk-progress">
            <Loader2 aria-hidden className="h-4 w-4 animate-spin" />
            Checking the file once more and starting {plural(preview.linkCount, "link")} for{" "}
            {plural(preview.newClients + preview.existingClients, "client")}: the next page shows the progress. Nothing is created unless
            every link is.
          </p>
        ) : null}
      </Form>
    </Card>
  );
}

function RowLine({ row }: { row: BulkRow }) {
  const v = row.values;
  return (
    <Tr data-row={row.row}>
      <Td label="Row">{row.row}</Td>
      <Td label="Client">
        {v.client_name || "—"}
        <span className="block text-sm text-muted">{v.contact_email}</span>
      </Td>
      <Td label="Site">
        {v.site_name || "—"} <code>{v.hotjar_site_id}</code>
      </Td>
      <Td label="Send to">{v.recipient_email || v.contact_email}</Td>
      <Td label="Check">
        {row.errors.length === 0 ? (
          <Badge tone="success">Ready</Badge>
        ) : (
          <ul className="m-0 list-none p-0 text-sm text-danger [overflow-wrap:anywhere]" data-testid="row-errors">
            {row.errors.map((e) => (
              <li key={`${e.column}:${e.message}`}>
                {e.column ? <strong>{COLUMN_WORDS[e.column]}: </strong> : null}
                {e.message}
              </li>
            ))}
          </ul>
        )}
      </Td>
    </Tr>
  );
}
