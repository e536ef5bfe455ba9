import { json } from "@remix-run/node";
import type { ZodError } from "zod";

// Errors of /api/v1 as RFC 9457 problem documents (docs/decisions/049): a program reads
// `status` and `errors[].field`, a person reads `title` and `detail`.

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type FieldProblem = { field: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
};

/** `type` is "about:blank" (RFC 9457 4.2): the status says the kind, `title` is its HTTP phrase. */
export const PROBLEM_TITLES = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  411: "Length Required",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
} as const;
export type ProblemStatus = keyof typeof PROBLEM_TITLES;

export function problem(status: ProblemStatus, detail?: string, extra: { errors?: FieldProblem[]; headers?: HeadersInit } = {}) {
  const body: Problem = { type: "about:blank", title: PROBLEM_TITLES[status], status, detail };
  if (extra.errors) body.errors = extra.errors;
  const headers = new Headers(extra.headers);
  headers.set("Content-Type", PROBLEM_CONTENT_TYPE);
  headers.set("Cache-Control", "no-store");
  return json(body, { status, headers });
}

/** A zod failure as 422 with each wrong field by its path (`sites[0].hotjarSiteId`). */
export function validationProblem(error: ZodError) {
  const errors = error.issues.map((issue) => ({ field: fieldPath(issue.path) || "(body)", message: issue.message }));
  return problem(422, "The request body has invalid fields: see errors.", { errors });
}

function fieldPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** A domain function's field errors (`{ siteIds: ["..."] }`) as a 422 problem naming each field. */
export function fieldErrorsProblem(fieldErrors: Record<string, string[]>) {
  const errors = Object.entries(fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
  return problem(422, "The request body has invalid fields: see errors.", { errors });
}
