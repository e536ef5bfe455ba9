import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

import { type ErrorBody, SERVICE_BUSY_MESSAGE } from "~/modules/http/errors";

export type ShownError = { status: number; title: string; message: string; reference?: string };

const TITLES: Record<number, string> = {
  400: "That request was not valid",
  403: "Not allowed",
  404: "Not found",
  405: "Not allowed",
  410: "No longer available",
  429: "Too many requests",
  503: "The service is busy",
};

const GENERIC: Record<number, string> = {
  400: "The request could not be understood.",
  403: "You do not have permission to do that.",
  404: "There is nothing at this address. Check the link you followed.",
  405: "That action is not available here.",
  429: "Too many requests. Please wait a moment and try again.",
  503: SERVICE_BUSY_MESSAGE,
};

const SOMETHING_WENT_WRONG = "Something went wrong on our side. Please try again shortly.";

/**
 * What an ErrorBoundary shows for `useRouteError()`: an AppError's own message, the reference of
 * an unexpected error, or a plain sentence per status. Never an Error's message or stack (in the
 * browser those can be anything), nor Remix's internal texts ("No route matches URL ...").
 */
export function describeRouteError(error: unknown): ShownError {
  if (!isRouteErrorResponse(error)) return { status: 500, title: "Something went wrong", message: SOMETHING_WENT_WRONG };
  const { status } = error;
  const title = TITLES[status] ?? (status >= 500 ? "Something went wrong" : "That did not work");
  const fallback = GENERIC[status] ?? (status >= 500 ? SOMETHING_WENT_WRONG : "That request could not be completed.");
  // Remix's own 404/405 carry its developer message ("No route matches URL ...") as data.
  const internal = (error as { internal?: boolean }).internal === true;
  const data: unknown = error.data;
  if (typeof data === "string") return { status, title, message: internal || !data.trim() ? fallback : data };
  if (data && typeof data === "object") {
    const { message, reference } = data as Partial<Record<keyof ErrorBody, unknown>>;
    return {
      status,
      title,
      message: typeof message === "string" && message.trim() ? message : fallback,
      ...(typeof reference === "string" && /^[0-9A-Z]{4,16}$/.test(reference) ? { reference } : {}),
    };
  }
  return { status, title, message: fallback };
}

/** The ErrorBoundary of every layout: what happened in plain words, and a reference to quote. */
export function ErrorPage() {
  const shown = describeRouteError(useRouteError());
  return (
    <main className="narrow" data-testid="error-page" data-status={shown.status}>
      <h1>{shown.title}</h1>
      {shown.reference && shown.status !== 503 ? (
        <p data-testid="error-reference">
          Something went wrong (reference <code>{shown.reference}</code>). Please try again shortly; if it keeps happening, tell us this
          reference and we will find what happened.
        </p>
      ) : (
        <p>{shown.message}</p>
      )}
      {shown.reference && shown.status === 503 ? (
        <p className="hint" data-testid="error-reference">
          Reference <code>{shown.reference}</code>
        </p>
      ) : null}
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  );
}
