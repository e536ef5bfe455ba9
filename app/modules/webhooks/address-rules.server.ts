import { BlockList, isIP } from "node:net";

// Addresses a webhook must never reach (docs/decisions/053): the portal's own host, the private
// network around it, and the cloud metadata service. One list, used when an endpoint is saved and
// again at delivery time.
const forbidden = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, including the metadata service 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const) {
  forbidden.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64 onto IPv4, which could hide any of the above
  ["64:ff9b:1::", 48], // local-use NAT64, the same
  ["fec0::", 10], // site-local (deprecated, still routed inside some networks)
  ["2002::", 16], // 6to4, which embeds an IPv4 address the same way
] as const) {
  forbidden.addSubnet(net, bits, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The IPv4 address an IPv6 one carries in its last 32 bits, for the forms a host treats as that
 * IPv4 address: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and
 * IPv4-compatible (::a.b.c.d, which covers :: and ::1 too). Else null.
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const carries = (zeros(0, 5) && g[5] === 0xffff) || (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) || zeros(0, 6);
  if (!carries) return null;
  return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join(".");
}

const linkLocal = new BlockList();
linkLocal.addSubnet("169.254.0.0", 16, "ipv4");
linkLocal.addSubnet("fe80::", 10, "ipv6");

/** The address as the family a connection would use: an IPv6 form that carries an IPv4 address is that address. */
function normalised(address: string): { address: string; family: "ipv4" | "ipv6" } | null {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 0) return null;
  const v4 = family === 4 ? bare : embeddedIpv4(bare);
  return v4 ? { address: v4, family: "ipv4" } : { address: bare, family: "ipv6" };
}

/** Link-local (169.254.0.0/16, where the cloud metadata service lives, and fe80::/10): refused even for allow-listed hosts. */
export function isLinkLocal(address: string): boolean {
  const n = normalised(address);
  return n !== null && linkLocal.check(n.address, n.family);
}

/** Why a webhook may not go to this address, or null when it may. */
export function forbiddenAddressReason(address: string): string | null {
  const n = normalised(address);
  if (!n) return `${address} is not an IP address`;
  if (!forbidden.check(n.address, n.family)) return null;
  if (isLinkLocal(address)) return `${address} is a link-local address (cloud metadata lives there)`;
  return `${address} is a loopback, private or reserved address`;
}
