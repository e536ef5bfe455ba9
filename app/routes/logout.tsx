import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

import { endSession } from "~/modules/auth/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await endSession(request) } });
}

// Logging out changes state, so it is POST only; a GET just goes home.
export async function loader() {
  return redirect("/");
}
