// "Your sessions" says roughly where each session was opened (issue 17, item 6; docs/decisions/048):
// worked out from the IP once, at sign-in, with no lookup outside the process; the raw IP is never
// stored. The list also says which sessions passed two-factor sign-in.
import { beforeAll, describe, expect, it } from "vitest";

import { hashIp } from "~/modules/audit/events.server";
import { startSession } from "~/modules/auth/auth.server";
import { LOCAL_NETWORK, placeFromIp } from "~/modules/auth/place.server";
import { listSessions } from "~/modules/auth/sessions.server";
import { db } from "~/modules/db/db.server";

import { makeAgency, type TestAgency } from "./helpers";

function browser(ip: string): Request {
  return new Request("http://localhost:3000/login", {
    headers: {
      "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
      "x-portal-client-ip": ip,
    },
  });
}
const idOf = (setCookie: string) => setCookie.split(";")[0]!.split("=")[1]!;

let owner: TestAgency;
beforeAll(async () => {
  owner = await makeAgency("Places Agency");
});

describe("placeFromIp", () => {
  it("calls loopback and private addresses the local network, IPv4 and IPv6 alike", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.9", "172.31.255.1", "192.168.1.20", "169.254.3.4", "100.64.0.1"]) {
      expect(placeFromIp(ip), ip).toBe(LOCAL_NETWORK);
    }
    for (const ip of ["::1", "fd12:3456:789a::1", "fe80::1", "::ffff:192.168.0.5", "::ffff:127.0.0.1"]) {
      expect(placeFromIp(ip), ip).toBe(LOCAL_NETWORK);
    }
  });

  it("names the country of a public IPv4 address, also one written as IPv4-mapped IPv6", () => {
    expect(placeFromIp("81.2.69.160")).toBe("United Kingdom");
    expect(placeFromIp("8.8.8.8")).toBe("United States");
    expect(placeFromIp("::ffff:81.2.69.160")).toBe("United Kingdom");
    expect(placeFromIp("172.32.0.1")).not.toBe(LOCAL_NETWORK);
  });

  it("says nothing for a public IPv6 address, a missing one or something that is not an address", () => {
    expect(placeFromIp("2001:4860:4860::8888")).toBeNull();
    expect(placeFromIp("2a00:1450:4001:82b::200e")).toBeNull();
    expect(placeFromIp(null)).toBeNull();
    expect(placeFromIp("")).toBeNull();
    expect(placeFromIp("unknown")).toBeNull();
    expect(placeFromIp("999.1.1.1")).toBeNull();
  });
});

describe("a session's place and two-factor mark", () => {
  it("is stored at sign-in without the IP, and listed with the browser and whether two-factor was used", async () => {
    const local = idOf(await startSession(owner.userId, browser("192.168.1.20")));
    const abroad = idOf(await startSession(owner.userId, browser("81.2.69.160")));
    const rows = await db.session.findMany({ where: { id: { in: [local, abroad] } } });
    expect(rows.find((r) => r.id === local)).toMatchObject({ place: LOCAL_NETWORK, ipHash: hashIp("192.168.1.20") });
    expect(rows.find((r) => r.id === abroad)).toMatchObject({ place: "United Kingdom", ipHash: hashIp("81.2.69.160") });
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/192\.168\.1\.20|81\.2\.69\.160/);

    await db.session.update({ where: { id: abroad }, data: { twoFactorAt: new Date() } });
    const listed = await listSessions(owner.userId, local);
    expect(listed[0]).toMatchObject({ current: true, place: LOCAL_NETWORK, twoFactor: false });
    expect(listed.find((s) => s.place === "United Kingdom")).toMatchObject({ current: false, twoFactor: true });
    expect(JSON.stringify(listed)).not.toContain(abroad);
  });
});
