// Errors never leak: whatever a loader, an action or a component throws, the browser gets a
// friendly page (or JSON for a client navigation) with a short reference, and the server log has
// the same reference with the stack. Through the real Express app, Remix in production mode,
// entry.server.tsx and the root ErrorBoundary.
import { json } from "@remix-run/node";
import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { describeRouteError } from "~/components/error-page";
import { AppError } from "~/modules/http/errors";
import { handled } from "~/modules/http/route.server";

import { captureLogs, type LogLine, startAppServer, type TestServer } from "../support/app-server";
import { testBuild } from "../support/remix-build";

/** A message with a link token in it, as a careless error might carry. */
const SECRET = "SecretToken_abc123";
const boom = (where: string) => new Error(`${where} failed for /l/${SECRET} (password hunter2)`);

const build = testBuild([
  {
    id: "routes/handled",
    path: "boom/handled",
    module: {
      loader: (args: { request: Request }) =>
        handled(args, async () => {
          throw boom("handled loader");
        }),
      default: () => null,
    },
  },
  {
    id: "routes/bare",
    path: "boom/bare",
    module: {
      loader: async () => {
        throw boom("bare loader");
      },
      default: () => null,
    },
  },
  {
    id: "routes/render",
    path: "boom/render",
    module: {
      loader: async () => json({}),
      default: () => {
        throw boom("render");
      },
    },
  },
  {
    id: "routes/action",
    path: "boom/action",
    module: {
      loader: async () => json({}),
      action: (args: { request: Request }) =>
        handled(args, async () => {
          throw boom("action");
        }),
      default: () => null,
    },
  },
  {
    id: "routes/form",
    path: "form",
    module: {
      loader: async () => json({}),
      action: (args: { request: Request }) =>
        handled(args, async ({ request }) => json({ fields: [...(await request.formData()).keys()] })),
      default: () => null,
    },
  },
  {
    id: "routes/resource",
    path: "boom/resource",
    module: {
      loader: async () => {
        throw boom("resource");
      },
    },
  },
  {
    id: "routes/app-error",
    path: "client/gone",
    module: {
      loader: (args: { request: Request }) =>
        handled(args, async () => {
          throw new AppError(404, "Client not found.");
        }),
      default: () => null,
    },
  },
  {
    id: "routes/busy",
    path: "busy",
    module: {
      loader: (args: { request: Request }) =>
        handled(args, async () => {
          throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
        }),
      default: () => null,
    },
  },
]);

let server: TestServer;
let logs: ReturnType<typeof captureLogs>;
beforeAll(async () => {
  server = await startAppServer(build);
});
afterAll(() => server.close());
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

/** A form posted from PUBLIC_URL through a proxy that forwards the host (Remix compares the two). */
const sameOrigin = () => ({ Origin: server.origin, "X-Forwarded-Host": new URL(server.origin).host });

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(server.url + path, init);
  return { response, body: await response.text() };
}

/** No stack frame, source path or error text in what the browser receives. */
function expectNothingLeaked(body: string) {
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|\n\s+at |node_modules|\/work\/|\.tsx?\b|file:\/\//);
  expect(body).not.toContain(SECRET);
  expect(body).not.toContain("failed for");
  expect(body).not.toContain("hunter2");
}

const referenceIn = (body: string) => /reference <code>([0-9A-Z]{8})<\/code>/.exec(body)?.[1];

/** The request's log line, once the response has closed (it is written on "close"). */
async function requestLine(route: string): Promise<LogLine> {
  for (let i = 0; i < 50; i++) {
    const line = logs.lines.find((l) => l.msg === "request" && l.route === route);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no request line for ${route}`);
}

function expectErrorLogged(reference: string | undefined, what: string) {
  const line = logs.lines.find((l) => l.msg === "unexpected error" && l.reference === reference);
  expect(line, `an error line with reference ${reference}`).toBeDefined();
  expect(line!.level).toBe("error");
  const err = line!.err as { message: string; stack: string };
  expect(err.stack).toContain(`${what} failed`);
  expect(err.stack).toMatch(/\n\s+at /);
  // The token in the message is scrubbed from the log too.
  expect(logs.text()).not.toContain(SECRET);
  expect(err.message).toContain("/l/:token");
}

describe("an unexpected error in a loader wrapped in handled()", () => {
  it("gives a 500 page with a reference that the log line (with the stack) repeats", async () => {
    const { response, body } = await get("/boom/handled");
    expect(response.status).toBe(500);
    expect(body).toContain("Something went wrong (reference");
    const reference = referenceIn(body);
    expect(reference).toMatch(/^[0-9A-Z]{8}$/);
    expectNothingLeaked(body);
    expectErrorLogged(reference, "handled loader");
    expect(await requestLine("/boom/handled")).toMatchObject({ method: "GET", status: 500, reference, level: "error" });
  });

  it("gives a client navigation the reference as route error data", async () => {
    const { response, body } = await get("/boom/handled?_data=routes/handled");
    expect(response.status).toBe(500);
    expect(response.headers.get("x-remix-catch")).toBe("yes");
    const data = JSON.parse(body) as { message: string; reference: string };
    expect(data.reference).toMatch(/^[0-9A-Z]{8}$/);
    expect(Object.keys(data).sort()).toEqual(["message", "reference"]);
    expectNothingLeaked(body);
    expectErrorLogged(data.reference, "handled loader");
  });
});

describe("errors outside handled()", () => {
  it("a loader that does not use handled(): the same page and reference, through handleError", async () => {
    const { response, body } = await get("/boom/bare");
    expect(response.status).toBe(500);
    const reference = referenceIn(body);
    expect(reference).toMatch(/^[0-9A-Z]{8}$/);
    expectNothingLeaked(body);
    expectErrorLogged(reference, "bare loader");
    expect(await requestLine("/boom/bare")).toMatchObject({ status: 500, reference });
  });

  it("and its client navigation gets the reference too, not Remix's bare error", async () => {
    const { response, body } = await get("/boom/bare?_data=routes/bare");
    expect(response.status).toBe(500);
    expect(response.headers.get("x-remix-catch")).toBe("yes");
    const data = JSON.parse(body) as { reference: string };
    expectErrorLogged(data.reference, "bare loader");
    expectNothingLeaked(body);
  });

  it("a component that throws while rendering: the boundary shows a reference", async () => {
    const { response, body } = await get("/boom/render");
    expect(response.status).toBe(500);
    const reference = referenceIn(body);
    expect(reference).toMatch(/^[0-9A-Z]{8}$/);
    expectNothingLeaked(body);
    expectErrorLogged(reference, "render");
  });

  it("a resource route: Remix's production mode answers without the message or stack; the log has them", async () => {
    const { response, body } = await get("/boom/resource");
    expect(response.status).toBe(500);
    expect(body).toBe("Unexpected Server Error");
    const line = await requestLine("/boom/resource");
    expectErrorLogged(line.reference as string, "resource");
  });
});

describe("an action", () => {
  it("a form posted without JavaScript gets the page with the reference", async () => {
    const { response, body } = await get("/boom/action", {
      method: "POST",
      headers: { ...sameOrigin(), "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=x",
    });
    expect(response.status).toBe(500);
    const reference = referenceIn(body);
    expectNothingLeaked(body);
    expectErrorLogged(reference, "action");
    expect(await requestLine("/boom/action")).toMatchObject({ method: "POST", status: 500, reference });
  });
});

describe("expected errors", () => {
  it("an AppError shows its own message and status, with no reference and no error log", async () => {
    const { response, body } = await get("/client/gone");
    expect(response.status).toBe(404);
    expect(body).toContain("Client not found.");
    expect(body).not.toContain("reference");
    expect(logs.lines.filter((l) => l.level === "error")).toEqual([]);
  });

  it("an unknown URL: the friendly 404, not Remix's developer message", async () => {
    const { response, body } = await get("/no/such/page");
    expect(response.status).toBe(404);
    const page = /<main[\s\S]*<\/main>/.exec(body)?.[0] ?? "";
    expect(page).toMatch(/<h1[^>]*>Not found<\/h1>/);
    expect(page).not.toContain("No route matches");
    expectNothingLeaked(body);
  });

  it("a database that is busy: 503 with Retry-After and the busy sentence", async () => {
    const { response, body } = await get("/busy");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(body).toContain("The service is busy, please try again shortly.");
    const line = await requestLine("/busy");
    expect(line).toMatchObject({ status: 503, level: "warn" });
    expect(logs.lines.find((l) => l.msg === "database unavailable")).toMatchObject({ reference: line.reference, database: "SQLITE_BUSY" });
  });

  it("a malformed URL: 400 from the server before Remix, its token scrubbed in the log", async () => {
    const { response, body } = await get(`/l/${SECRET}%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(body).toBe("The request could not be understood.");
    expect(await requestLine("/l/:token")).toMatchObject({ status: 400 });
    expect(logs.text()).not.toContain(SECRET);
  });

  it("a body that is not a form: 400, not 500", async () => {
    const { response, body } = await get("/form", {
      method: "POST",
      headers: { ...sameOrigin(), "Content-Type": "multipart/form-data; boundary=x" },
      body: "not multipart at all",
    });
    expect(response.status).toBe(400);
    expectNothingLeaked(body);
  });
});

describe("what the ErrorBoundary shows (describeRouteError)", () => {
  it("an AppError's message; Remix's own texts and thrown Errors never", () => {
    expect(describeRouteError(new ErrorResponse(404, "Not Found", "Client not found."))).toMatchObject({
      status: 404,
      title: "Not found",
      message: "Client not found.",
    });
    expect(describeRouteError(new ErrorResponse(404, "Not Found", 'Error: No route matches URL "/x"', true)).message).toBe(
      "There is nothing at this address. Check the link you followed.",
    );
    expect(
      describeRouteError(
        new ErrorResponse(
          405,
          "Method Not Allowed",
          'Error: You made a POST request to /x but did not provide an `action` for route "routes/x"',
          true,
        ),
      ).message,
    ).toBe("That action is not available here.");
    expect(describeRouteError(new Error("at /work/main/app/x.ts:1:1"))).toEqual({
      status: 500,
      title: "Something went wrong",
      message: "Something went wrong on our side. Please try again shortly.",
    });
  });

  it("a reference only when it looks like one", () => {
    expect(
      describeRouteError(new ErrorResponse(500, "", { message: "Something went wrong on our side.", reference: "AB12CD34" })).reference,
    ).toBe("AB12CD34");
    expect(
      describeRouteError(new ErrorResponse(500, "", { message: "x", reference: "<script>alert(1)</script>" })).reference,
    ).toBeUndefined();
    expect(
      describeRouteError(new ErrorResponse(503, "", { message: "The service is busy, please try again shortly.", reference: "AB12CD34" })),
    ).toMatchObject({
      status: 503,
      title: "The service is busy",
      message: "The service is busy, please try again shortly.",
    });
  });
});
