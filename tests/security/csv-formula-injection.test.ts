// The audit CSV export, fetched over real HTTP by a signed-in Owner, opened the way a spreadsheet
// may open it: split on `,`, `;` or tab, honouring quotes or not. Whatever the reader picks, no
// field may start with a formula character, and every cell is quoted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The staff pages share the limiter; this suite makes a few requests from one address.
process.env.RATE_LIMIT_SCALE = "1000";

const { db } = await import("~/modules/db/db.server");
const { fullBuild } = await import("./support/full-build");
const { sessionCookieFor } = await import("./support/session");
const { startAppServer } = await import("../support/app-server");
const { makeAgency, makeClient, makeLink } = await import("../integration/helpers");
type TestServer = Awaited<ReturnType<typeof startAppServer>>;

/** Client names a spreadsheet would run as a formula once split on some separator. */
const HOSTILE_NAMES = ["Casey;=40+2;", "a,=1+1", "x\t=2+2", "@SUM(1)", "-3+3", "+1;-1", 'q;"=1+1', "two\nlines\r\n=3+3"];
const SEPARATORS = [",", ";", "\t"] as const;
/** What makes a spreadsheet read a field as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

type Field = { value: string; quoted: boolean };

/**
 * Records as a quote-aware spreadsheet reads them: a field that starts with `"` runs to the
 * next lone `"` (`""` is one quote, line breaks included); whatever follows it up to the
 * separator is kept as it is, as lenient readers do.
 */
function splitQuoted(text: string, separator: string): Field[][] {
  const records: Field[][] = [];
  let record: Field[] = [];
  let field: Field = { value: "", quoted: false };
  let atFieldStart = true;
  let inQuotes = false;
  let afterClosingQuote = false;
  const endField = () => {
    record.push(field);
    field = { value: "", quoted: false };
    atFieldStart = true;
    afterClosingQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field.value += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
        afterClosingQuote = true;
      } else {
        field.value += c;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      field.quoted = true;
    } else if (c === separator) {
      endField();
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endField();
      records.push(record);
      record = [];
    } else {
      // Text after a closing quote means the cell was not one quoted field after all.
      if (afterClosingQuote) field.quoted = false;
      field.value += c;
      atFieldStart = false;
    }
  }
  if (!atFieldStart || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

/** Fields as a reader that ignores quotes sees them: every line break ends a line. */
function splitNaive(text: string, separator: string): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((line) => line.split(separator));
}

/** A field's text as a formula check must see it: a reader may also drop leading quotes. */
function startsAsFormula(field: string): boolean {
  return FORMULA_START.test(field) || FORMULA_START.test(field.replace(/^"+/, ""));
}

let server: TestServer;
let csv: string;

beforeAll(async () => {
  const agency = await makeAgency("Formula Agency");
  for (const name of HOSTILE_NAMES) {
    const client = await makeClient(agency, name);
    // Events about the client: its creation (name in `client` and `details`) and a link.
    await makeLink(agency, client.id);
  }
  const slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  const cookie = await sessionCookieFor(agency.userId);
  server = await startAppServer((await fullBuild()).build);
  const response = await fetch(`${server.url}/a/${slug}/audit.csv`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  csv = await response.text();
});

afterAll(async () => {
  await server?.close();
});

describe("finding 5: audit CSV formula injection with ; separators", () => {
  it("the export holds the hostile names (the test reads what it thinks it reads)", () => {
    const cells = splitQuoted(csv, ",")
      .flat()
      .map((f) => f.value);
    for (const name of HOSTILE_NAMES) {
      const client = cells.filter((cell) => cell.replace(/'/g, "") === name.replace(/'/g, ""));
      expect(client.length, JSON.stringify(name)).toBeGreaterThanOrEqual(2);
    }
    expect(cells).toContain("Casey;'=40+2;");
  });

  it("every cell of the file is quoted, the header's included", () => {
    const records = splitQuoted(csv, ",");
    expect(records.length).toBeGreaterThan(HOSTILE_NAMES.length * 2);
    for (const record of records) {
      expect(record).toHaveLength(10);
      for (const field of record) expect(field.quoted, JSON.stringify(field.value)).toBe(true);
    }
  });

  it.each(SEPARATORS)("split on %j, honouring quotes: no field starts a formula", (separator) => {
    const offending = splitQuoted(csv, separator)
      .flat()
      .map((f) => f.value)
      .filter(startsAsFormula);
    expect(offending).toEqual([]);
  });

  it.each(SEPARATORS)("split on %j, ignoring quotes: no field starts a formula", (separator) => {
    const offending = splitNaive(csv, separator).filter(startsAsFormula);
    expect(offending).toEqual([]);
  });
});
