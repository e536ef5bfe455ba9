import { Lucia, TimeSpan } from "lucia";
import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";
import { PrismaSessionAdapter } from "./lucia-adapter.server";

let instance: Lucia<Record<never, never>, { email: string; name: string }> | undefined;

export function getLucia() {
  instance ??= new Lucia(new PrismaSessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: "portal_session",
      // Only the session id lives in the cookie; lucia sets httpOnly and SameSite=Lax.
      attributes: { secure: getEnv().PUBLIC_URL.startsWith("https://"), sameSite: "lax" },
    },
    getUserAttributes: (attributes) => ({ email: attributes.email, name: attributes.name }),
  });
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof getLucia>;
    DatabaseUserAttributes: { email: string; name: string };
  }
}
