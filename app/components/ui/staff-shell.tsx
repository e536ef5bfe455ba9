import { Form, NavLink, useLocation } from "@remix-run/react";
import { clsx } from "clsx";
import {
  ClipboardCheck,
  Inbox,
  LayoutDashboard,
  Link2,
  LogOut,
  Menu,
  ScrollText,
  Settings,
  UserCircle,
  Users,
  UsersRound,
} from "lucide-react";
import type { ReactNode } from "react";

import { buttonClasses } from "./button";

// The staff side's frame (docs/decisions/040): the agency's name, the menu and the account.
// From 768 px the menu is a row; below, a "Menu" button opens it as a list (a <details>, so it
// works without JavaScript), each entry at least 44 px tall.

export type ShellAgency = { name: string; slug: string; role: string };
export type ShellProps = {
  agency: { name: string; slug: string };
  user: { name: string; email: string };
  show: { mailbox: boolean; team: boolean; audit: boolean; settings: boolean };
  agencies: ShellAgency[];
  children: ReactNode;
};

function navItems(base: string, show: ShellProps["show"]) {
  return [
    { to: base, label: "Dashboard", icon: LayoutDashboard, end: true },
    { to: `${base}/links`, label: "Links", icon: Link2 },
    { to: `${base}/clients`, label: "Clients", icon: Users },
    ...(show.mailbox ? [{ to: `${base}/mailbox`, label: "Mailbox", icon: Inbox }] : []),
    { to: `${base}/reviews`, label: "Reviews", icon: ClipboardCheck },
    ...(show.team ? [{ to: `${base}/team`, label: "Team", icon: UsersRound }] : []),
    ...(show.audit ? [{ to: `${base}/audit`, label: "Audit log", icon: ScrollText }] : []),
    ...(show.settings ? [{ to: `${base}/settings`, label: "Settings", icon: Settings }] : []),
  ];
}

const linkClasses = ({ isActive }: { isActive: boolean }) =>
  clsx(
    "inline-flex min-h-touch items-center gap-1.5 whitespace-nowrap rounded-md px-2.5 text-[0.95rem] no-underline",
    isActive ? "bg-accent-soft font-semibold text-accent" : "text-fg hover:bg-canvas",
  );

function MainNav({ items, className }: { items: ReturnType<typeof navItems>; className: string }) {
  return (
    <nav aria-label="Main" className={className}>
      {items.map(({ to, label, icon: Icon, end }) => (
        <NavLink key={to} to={to} end={end} className={linkClasses}>
          <Icon aria-hidden className="h-4 w-4" />
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

function SwitchList({ others, base, current }: { others: ShellAgency[]; base: string; current: string }) {
  return (
    <>
      {others.map((a) => (
        <a key={a.slug} href={`/a/${a.slug}`} className={linkClasses({ isActive: false })}>
          {a.name}
        </a>
      ))}
      <a href={`${base}/leave`} className={linkClasses({ isActive: false })}>
        Leave {current}
      </a>
    </>
  );
}

function AccountLinks({ user }: { user: ShellProps["user"] }) {
  return (
    <>
      <NavLink to="/account" className={linkClasses} title={user.email}>
        <UserCircle aria-hidden className="h-4 w-4 shrink-0" />
        {/* A long name is cut (the full one and the email are in the title): the bar keeps one line. */}
        <span className="max-w-[8rem] truncate">{user.name}</span>
      </NavLink>
      <LogOutButton />
    </>
  );
}

/** Log out: a POST, so no link or prefetch can sign anyone out. */
export function LogOutButton() {
  return (
    <Form method="post" action="/logout" className="m-0">
      <button type="submit" className={buttonClasses("ghost", "sm", "justify-start whitespace-nowrap text-fg")}>
        <LogOut aria-hidden className="h-4 w-4" />
        Log out
      </button>
    </Form>
  );
}

export function StaffShell({ agency, user, show, agencies, children }: ShellProps) {
  const base = `/a/${agency.slug}`;
  const items = navItems(base, show);
  // A new page closes the phone menu: the <details> is drawn afresh for each path.
  const { pathname } = useLocation();
  const others = agencies.filter((a) => a.slug !== agency.slug);

  const accountLinks = (
    <>
      {others.length > 0 ? (
        <div className="flex flex-col gap-1">
          <span className="px-3 text-xs uppercase tracking-wide text-muted">Switch agency</span>
          <SwitchList others={others} base={base} current={agency.name} />
        </div>
      ) : null}
      <AccountLinks user={user} />
    </>
  );

  return (
    <>
      <header className="border-0 border-b border-solid border-line bg-card">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-1.5">
          <a href={base} className="mr-2 truncate text-base font-bold text-fg no-underline">
            {agency.name}
          </a>
          <MainNav items={items} className="hidden flex-1 items-center gap-0.5 xl:flex" />
          <div className="hidden items-center gap-0.5 xl:flex">
            {others.length > 0 ? (
              <details className="relative">
                <summary className={clsx(buttonClasses("ghost", "sm"), "list-none text-fg")}>Switch agency</summary>
                <div className="absolute right-0 z-30 mt-1 flex w-64 flex-col gap-1 rounded-lg border border-solid border-line bg-card p-2 shadow-lg">
                  <SwitchList others={others} base={base} current={agency.name} />
                </div>
              </details>
            ) : null}
            <AccountLinks user={user} />
          </div>
          <details key={pathname} className="ml-auto xl:hidden [&[open]>summary]:bg-accent-soft">
            <summary className={clsx(buttonClasses("secondary", "sm"), "list-none")}>
              <Menu aria-hidden className="h-4 w-4" />
              Menu
            </summary>
            <div className="absolute inset-x-0 z-30 mt-2 border-0 border-b border-solid border-line bg-card px-4 pb-4 shadow-lg">
              <MainNav items={items} className="flex flex-col gap-1 py-2" />
              <div className="flex flex-col gap-1 border-0 border-t border-solid border-line pt-2">{accountLinks}</div>
            </div>
          </details>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 pb-12 pt-5">{children}</main>
    </>
  );
}
