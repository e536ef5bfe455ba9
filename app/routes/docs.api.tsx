import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { clsx } from "clsx";
import { FileJson } from "lucide-react";
import type { ReactNode } from "react";

import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { pageTitle } from "~/components/ui/title";
import { apiReference, type ReferenceField, type ReferenceOperation } from "~/modules/api/api-reference";
import { servedDocument } from "~/modules/api/openapi.server";
import { getEnv } from "~/modules/env/env.server";
import { handled } from "~/modules/http/route.server";

// /docs/api: the API reference, public, read from the same OpenAPI document /api/v1/openapi.json serves (issue 18).

export const meta: MetaFunction = () => pageTitle("API reference");

const OPENAPI_PATH = "/api/v1/openapi.json";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async () => {
    const { body } = servedDocument(getEnv().PUBLIC_URL);
    return json(apiReference(JSON.parse(body)));
  });
}

export default function ApiReferencePage() {
  const reference = useLoaderData<typeof loader>();
  return (
    <main className="wide">
      {/* Public, outside the staff frame: the way back. */}
      <a className="mb-2 inline-flex min-h-touch items-center text-sm" href="/">
        ← Back to the portal
      </a>
      <PageHeader
        title="API reference"
        description={reference.description}
        actions={
          <a className={buttonClasses("secondary", "md")} href={OPENAPI_PATH}>
            <FileJson aria-hidden className="h-4 w-4" /> openapi.json
          </a>
        }
      />
      <nav aria-label="Operations" className="mb-5">
        <ul className="m-0 flex list-none flex-wrap gap-x-6 gap-y-1 p-0">
          <li>
            <a className="inline-block py-2" href="#getting-started">
              Getting started
            </a>
          </li>
          {reference.tags.map((tag) => (
            <li key={tag.name}>
              <a className="inline-block py-2" href={`#${anchor(tag.name)}`}>
                {tag.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <GettingStarted serverUrl={reference.serverUrl} commonProblems={reference.commonProblemDescriptions} />
      {reference.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={anchor(tag.name)}>
          <h2 id={anchor(tag.name)}>{tag.name}</h2>
          <div className="flex flex-col gap-4">
            {tag.operations.map((operation) => (
              <OperationCard key={operation.operationId} operation={operation} commonProblems={reference.commonProblems} />
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}

function GettingStarted({ serverUrl, commonProblems }: { serverUrl: string; commonProblems: { status: string; description: string }[] }) {
  return (
    <Card className="mb-2">
      <h2 id="getting-started" className="m-0 mb-2 text-base font-semibold">
        Getting started
      </h2>
      <p className="mt-0">
        An Owner or Admin makes a key under <strong>Settings → Manage API keys</strong>, with only the scopes the tool needs. Send it as{" "}
        <C>Authorization: Bearer &lt;key&gt;</C> to <C>{serverUrl}</C>. Every answer is JSON; every error is a problem document (
        <C>application/problem+json</C>) whose <C>errors</C> name each wrong field. Send an <C>Idempotency-Key</C> with every POST and PATCH
        so a retry never does the same thing twice. Lists come a page at a time: pass <C>nextCursor</C> as <C>cursor</C>.
      </p>
      <p>
        Create a client (scope <C>clients:write</C>), then a link for it (scope <C>links:write</C>); the answer&apos;s <C>url</C> is the
        link to send. Sending the same request again with the same <C>Idempotency-Key</C> gives the first answer, not a second client.
      </p>
      <CodeBlock>{`CLIENT_ID=$(curl -sS -X POST ${serverUrl}/clients \\
  -H "Authorization: Bearer $API_KEY" \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: client-acme-shoes-1" \\
  -d '{"name": "Acme Shoes", "contactName": "Casey Client", "contactEmail": "casey@acme-shoes.example",
       "sites": [{"hotjarSiteId": "1234567", "name": "Shop", "url": "acme-shoes.example"}]}' | jq -r .data.id)

curl -sS -X POST ${serverUrl}/links \\
  -H "Authorization: Bearer $API_KEY" \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: link-acme-shoes-1" \\
  -d '{"clientId": "'"$CLIENT_ID"'", "role": "VIEWER", "siteIds": ["1234567"],
       "granteeEmail": "analytics@your-agency.example", "recipientEmail": "casey@acme-shoes.example",
       "reason": "To read the shop heatmaps for the redesign.", "lifetimeValue": 7, "lifetimeUnit": "days"}'`}</CodeBlock>
      <p>Every operation may answer these problems:</p>
      <ul className="pl-5 text-sm">
        {commonProblems.map((p) => (
          <li key={p.status}>
            <strong>{p.status}</strong> {inlineCode(p.description)}
          </li>
        ))}
      </ul>
      <p className="mb-0">
        The machine-readable description of everything below is <a href={OPENAPI_PATH}>{OPENAPI_PATH}</a> (OpenAPI 3.1): load it in your API
        client or generate code from it.
      </p>
    </Card>
  );
}

function OperationCard({ operation, commonProblems }: { operation: ReferenceOperation; commonProblems: string[] }) {
  const own = operation.problems.filter((p) => !commonProblems.includes(p.status));
  return (
    <Card>
      <article aria-labelledby={operation.operationId}>
        <h3 id={operation.operationId} className="m-0 flex flex-wrap items-center gap-2 text-base">
          <span className="rounded bg-accent-soft px-2 py-0.5 font-mono text-sm text-accent">{operation.method}</span>
          <code className="whitespace-normal bg-transparent p-0 text-base [overflow-wrap:anywhere] [word-break:normal]">
            {operation.path}
          </code>
          <span className="font-semibold">{operation.summary}</span>
        </h3>
        <p className="m-0 mt-2 flex flex-wrap items-center gap-2 text-sm text-muted">
          Scope <Badge tone="info">{operation.scope}</Badge>
        </p>
        {paragraphs(operation.description).map((text, i) => (
          <p key={i} className="mb-0">
            {inlineCode(text)}
          </p>
        ))}
        {operation.parameters.length > 0 ? <Fields title="Parameters" fields={operation.parameters} /> : null}
        {operation.body.length > 0 ? <Fields title="Body (application/json)" fields={operation.body} /> : null}
        <h4 className="mb-1 mt-4 text-sm font-semibold">
          Answer {operation.success.status}: {operation.success.description}
        </h4>
        {/* Answers run to dozens of fields: folded, so the operations stay easy to scan. */}
        <details className="rounded-md border border-solid border-line">
          <summary className="cursor-pointer px-3 py-3 text-sm">{operation.success.fields.length} fields (application/json)</summary>
          <FieldList fields={operation.success.fields} className="border-0 border-t border-solid border-line" />
        </details>
        <h4 className="mb-1 mt-4 text-sm font-semibold">Problems (application/problem+json)</h4>
        <ul className="m-0 pl-5 text-sm">
          {own.map((p) => (
            <li key={p.status}>
              <strong>{p.status}</strong> {inlineCode(p.description)}
            </li>
          ))}
          <li>
            <strong>{commonProblems.join(", ")}</strong> as every operation (see <a href="#getting-started">Getting started</a>).
          </li>
        </ul>
      </article>
    </Card>
  );
}

/** Fields as a list, not a table: names like `data[].counts.sites` and long descriptions read at 390 px too. */
function Fields({ title, fields }: { title: string; fields: (ReferenceField & { in?: string })[] }) {
  return (
    <>
      <h4 className="mb-1 mt-4 text-sm font-semibold">{title}</h4>
      <div className="rounded-md border border-solid border-line">
        <FieldList fields={fields} />
      </div>
    </>
  );
}

function FieldList({ fields, className }: { fields: (ReferenceField & { in?: string })[]; className?: string }) {
  return (
    <>
      <ul className={clsx("m-0 list-none p-0", className)}>
        {fields.map((f, i) => (
          <li key={`${f.in ?? ""}:${f.name}`} className={clsx("px-3 py-2", i > 0 && "border-0 border-t border-solid border-line")}>
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <code className="whitespace-normal font-semibold [overflow-wrap:anywhere] [word-break:normal]">{f.name}</code>
              <span className="text-sm text-muted">
                {f.in ? `${f.in} · ` : ""}
                {f.type}
              </span>
              {f.required ? <Badge tone="warning">required</Badge> : <span className="text-sm text-muted">optional</span>}
            </div>
            {f.description ? <p className="m-0 mt-1 text-sm">{inlineCode(f.description)}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function CodeBlock({ children }: { children: string }) {
  return (
    <pre className="whitespace-pre-wrap rounded-md bg-fg p-3 text-sm text-canvas [overflow-wrap:anywhere]">
      <code className="whitespace-pre-wrap bg-transparent p-0 text-canvas [word-break:normal]">{children}</code>
    </pre>
  );
}

const anchor = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

const paragraphs = (text: string) => text.split(/\n{2,}/).filter(Boolean);

/** `backticks` in the document's descriptions as code. */
function inlineCode(text: string): ReactNode[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <C key={i}>{part}</C> : part));
}

/** Inline code that wraps between words, not inside `http://` (app.css breaks code anywhere). */
function C({ children }: { children: ReactNode }) {
  return <code className="[overflow-wrap:anywhere] [word-break:normal]">{children}</code>;
}
