import type { ReactNode } from "react";

import { ProgressBar } from "~/components/ui/progress-bar";
import { LogOutButton, type ShellAgency, type ShellProps, StaffShell } from "~/components/ui/staff-shell";
import { Toaster } from "~/components/ui/toaster";
import type { Flash } from "~/modules/http/flash.server";

type Props = {
  user: { name: string; email: string };
  agencies: ShellAgency[];
  frame: { agency: ShellProps["agency"]; show: ShellProps["show"] } | null;
  flash: Flash | null;
  children: ReactNode;
};

/** The account pages' frame: the first agency's staff menu, or a plain header for an account in no agency. */
export function AccountFrame({ user, agencies, frame, flash, children }: Props) {
  return (
    <Toaster flash={flash}>
      <ProgressBar />
      {frame ? (
        <StaffShell agency={frame.agency} user={user} show={frame.show} agencies={agencies}>
          {children}
        </StaffShell>
      ) : (
        <NoAgencyFrame>{children}</NoAgencyFrame>
      )}
    </Toaster>
  );
}

/** The product's name and Log out, and how to join an agency again. */
function NoAgencyFrame({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="border-0 border-b border-solid border-line bg-card">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-1.5">
          <a href="/" className="mr-auto truncate text-base font-bold text-fg no-underline">
            Onboarding links
          </a>
          <LogOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 pb-12 pt-5">
        <p className="m-0 mb-4 rounded-md bg-accent-soft px-4 py-3">
          You are not a member of any agency now. To join one, ask its Owner or Admin for an invitation and open the link in its email.
        </p>
        {children}
      </main>
    </>
  );
}
