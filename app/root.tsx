import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches } from "@remix-run/react";
import type { ReactNode } from "react";

import { ErrorPage } from "./components/error-page";
import { useNonce } from "./components/nonce";
import { isLocale } from "./modules/i18n/locales";
import styles from "./styles/app.css";
import kit from "./styles/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: kit },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Onboarding links" }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // The client's page comes in the client's language (its loader says which); staff pages are English.
  const lang = useMatches()
    .map((m) => (m.data as { locale?: unknown } | undefined)?.locale)
    .find(isLocale);
  return (
    <html lang={lang ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
