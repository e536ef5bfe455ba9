import { Lucia, TimeSpan } from "lucia";

import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";

import { PrismaSessionAdapter } from "./lucia-adapter.server";

/** A session lasts at most this long from sign-in, however much it is used (docs/decisions/019). */
export const SESSION_LIFETIME = new TimeSpan(30, "d");

let store: PrismaSessionAdapter | undefined;
/** The session rows, through the same adapter lucia uses. */
export function getSessionStore(): PrismaSessionAdapter {
  store ??= new PrismaSessionAdapter(db);
  return store;
}

/** What a session row holds besides its id, user and expiry. */
export type SessionAttributes = {
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ipHash: string | null;
  place: string | null;
  twoFactorAt: Date | null;
  reauthAt: Date | null;
};

let instance: Lucia<SessionAttributes, { email: string; name: string }> | undefined;

export function getLucia() {
  instance ??= new Lucia(getSessionStore(), {
    sessionExpiresIn: SESSION_LIFETIME,
    sessionCookie: {
      name: "portal_session",
      // Only the session id lives in the cookie; lucia sets httpOnly and SameSite=Lax.
      // sessions.server.ts drops its Max-Age: the browser keeps it until it closes.
      attributes: { secure: getEnv().PUBLIC_URL.startsWith("https://"), sameSite: "lax" },
    },
    getSessionAttributes: (attributes) => attributes,
    getUserAttributes: (attributes) => ({ email: attributes.email, name: attributes.name }),
  });
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof getLucia>;
    DatabaseUserAttributes: { email: string; name: string };
    DatabaseSessionAttributes: SessionAttributes;
  }
}
