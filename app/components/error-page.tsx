import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { Clock, Lock, type LucideIcon, SearchX, TriangleAlert } from "lucide-react";

import { type ErrorBody, SERVICE_BUSY_MESSAGE } from "~/modules/http/errors";

import { buttonClasses } from "./ui/button";

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

/** What the reader can do about it, beyond the message; none where the message says it. */
const NEXT: Record<number, string> = {
  400: "Go back, check what you entered and send it again.",
  403: "If you need it, ask an Owner or Admin of your agency to change your role.",
  404: "If you typed the address, check it for a typing mistake; if you followed a link, what it pointed to may have been removed.",
  405: "Go back and use the page's own buttons.",
  409: "Reload the page to see how things stand now, then try again.",
};

const ICONS: Record<number, LucideIcon> = { 403: Lock, 404: SearchX, 429: Clock, 503: Clock };

export type WayBack = { href: string; label: string };

/**
 * The ErrorBoundary of every layout: what happened in plain words, what to do next, a way back,
 * and a reference to quote. `wayBack` is given inside the staff frame (its dashboard); the page
 * is then a block of the frame's own <main>, else a page of its own.
 */
export function ErrorPage({ wayBack }: { wayBack?: WayBack }) {
  const shown = describeRouteError(useRouteError());
  const back = wayBack ?? { href: "/", label: "Go to the start page" };
  const Icon = ICONS[shown.status] ?? TriangleAlert;
  const next = NEXT[shown.status];
  const card = (
    <div
      data-testid="error-page"
      data-status={shown.status}
      className="mx-auto max-w-xl rounded-lg border border-solid border-line bg-card px-5 py-6 md:px-8 md:py-8"
    >
      <Icon aria-hidden className="h-8 w-8 text-muted" />
      <p className="m-0 mt-3 text-sm font-semibold uppercase tracking-wide text-muted">Error {shown.status}</p>
      <h1 className="m-0 mt-1 text-2xl font-bold leading-tight">{shown.title}</h1>
      {shown.reference && shown.status !== 503 ? (
        <p data-testid="error-reference" className="mb-0 mt-3">
          Something went wrong (reference <code>{shown.reference}</code>). Please try again shortly; if it keeps happening, tell us this
          reference and we will find what happened.
        </p>
      ) : (
        <p className="mb-0 mt-3">{shown.message}</p>
      )}
      {shown.reference && shown.status === 503 ? (
        <p className="hint mb-0 mt-2" data-testid="error-reference">
          Reference <code>{shown.reference}</code>
        </p>
      ) : null}
      {next ? <p className="mb-0 mt-2 text-muted">{next}</p> : null}
      <p className="mb-0 mt-6">
        <Link to={back.href} className={buttonClasses("primary")}>
          {back.label}
        </Link>
      </p>
    </div>
  );
  if (wayBack) return card;
  return (
    <>
      <header className="border-0 border-b border-solid border-line bg-card">
        <div className="mx-auto flex max-w-7xl items-center px-4 py-3">
          <a href="/" className="truncate text-base font-bold text-fg no-underline">
            Onboarding links
          </a>
        </div>
      </header>
      <main className="px-4 pb-12 pt-8">{card}</main>
    </>
  );
}
