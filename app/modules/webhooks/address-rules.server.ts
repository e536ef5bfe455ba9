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
  ["2002::", 16], // 6to4, which embeds an IPv4 address the same way
] as const) {
  forbidden.addSubnet(net, bits, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:127.0.0.1 or ::ffff:7f00:1), else null. */
function mappedIpv4(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^(?:0{0,4}:){0,5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** Why a webhook may not go to this address, or null when it may. */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 4 ? bare : mappedIpv4(bare);
  const blocked = v4 ? forbidden.check(v4, "ipv4") : forbidden.check(bare, "ipv6");
  if (!blocked) return null;
  if (v4?.startsWith("169.254.")) return `${address} is a link-local address (cloud metadata lives there)`;
  return `${address} is a loopback, private or reserved address`;
}
