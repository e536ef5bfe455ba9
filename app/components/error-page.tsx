import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** Shows an AppError's message or a plain apology; never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" ? error.data : error.statusText
    : "Something went wrong on our side. Please try again shortly.";
  return (
    <main className="narrow">
      <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong"}</h1>
      <p>{message || "Something went wrong."}</p>
      <p><Link to="/">Go to the start page</Link></p>
    </main>
  );
}
