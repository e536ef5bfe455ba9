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

let instance:
  | Lucia<{ createdAt: Date; lastSeenAt: Date; userAgent: string | null; ipHash: string | null }, { email: string; name: string }>
  | undefined;

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
    DatabaseSessionAttributes: { createdAt: Date; lastSeenAt: Date; userAgent: string | null; ipHash: string | null };
  }
}
