import { describe, expect, it } from "vitest";

import { forbiddenAddressReason } from "./address-rules.server";

describe("addresses a webhook may not reach", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "10.1.2.3",
    "100.64.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.10",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "[::1]",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "0:0:0:0:0:ffff:10.0.0.1",
    "64:ff9b::7f00:1",
    "2002:7f00:1::1",
    "::ffff:0:7f00:1",
    "::ffff:0:127.0.0.1",
    "::ffff:0:a9fe:a9fe",
    "::7f00:1",
    "::127.0.0.1",
    "::a00:1",
    "0:0:0:0:0:0:7f00:1",
    "64:ff9b:1::7f00:1",
    "64:ff9b:1:ffff::1",
    "fec0::1",
    "feff::1",
  ])("refuses %s", (address) => {
    expect(forbiddenAddressReason(address)).not.toBeNull();
  });

  it.each([
    "8.8.8.8",
    "203.0.113.10",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "::ffff:0:808:808",
    "64:ff9b:2::1",
  ])("allows %s", (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });

  it("names the metadata service's range, and refuses what is no address", () => {
    expect(forbiddenAddressReason("169.254.169.254")).toMatch(/link-local/);
    expect(forbiddenAddressReason("::ffff:169.254.169.254")).toMatch(/link-local/);
    expect(forbiddenAddressReason("::a9fe:a9fe")).toMatch(/link-local/);
    expect(forbiddenAddressReason("localhost")).toMatch(/not an IP address/);
  });
});
