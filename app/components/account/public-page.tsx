import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

import { buttonClasses } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";

/** The frame of the signed-out account pages (forgot, reset, verify): the product's name and one card. */
export function PublicPage({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <>
      <header className="border-0 border-b border-solid border-line bg-card">
        <div className="mx-auto flex max-w-xl items-center px-4 py-3">
          <a href="/" className="text-base font-bold text-fg no-underline">
            Onboarding links
          </a>
        </div>
      </header>
      <main className="mx-auto max-w-xl px-4 pb-12 pt-6">
        <PageHeader title={title} description={description} />
        <Card>{children}</Card>
      </main>
    </>
  );
}

export type TokenProblem = "invalid" | "used" | "superseded" | "expired" | "taken";

const PROBLEMS: Record<TokenProblem, { title: string; text: string }> = {
  invalid: { title: "This link is not valid", text: "It may have been cut short or mistyped: copy the whole link from the email." },
  used: { title: "This link was already used", text: "Each link works once." },
  superseded: { title: "A newer link replaced this one", text: "Only the most recent email's link works: use that one." },
  expired: { title: "This link has expired", text: "For your security, these links stop working after a while." },
  taken: { title: "That address is taken", text: "Another account started using this address meanwhile, so it cannot be yours." },
};

export const problemTitle = (problem: TokenProblem) => PROBLEMS[problem].title;

/** What is wrong with an emailed link, and the way to a new one. */
export function TokenProblemText({ problem, again }: { problem: TokenProblem; again: { href: string; label: string } }) {
  return (
    <div className="flex flex-col items-start gap-3">
      <p className="m-0" data-testid="token-problem" data-problem={problem}>
        {PROBLEMS[problem].text}
      </p>
      <Link to={again.href} className={buttonClasses("primary")}>
        {again.label}
      </Link>
    </div>
  );
}
