import { describe, expect, it } from "vitest";

import { websiteUrlFrom } from "./website-url";

describe("websiteUrlFrom: a website as typed, stored as one absolute URL", () => {
  it.each([
    ["acmeshoes.com", "https://acmeshoes.com"],
    ["  acmeshoes.com  ", "https://acmeshoes.com"],
    ["acmeshoes.com/", "https://acmeshoes.com"],
    ["www.acmeshoes.com/shop", "https://www.acmeshoes.com/shop"],
    ["www.acmeshoes.com/shop/", "https://www.acmeshoes.com/shop/"],
    ["AcmeShoes.COM/Shop", "https://acmeshoes.com/Shop"],
    ["https://acmeshoes.com", "https://acmeshoes.com"],
    ["https://acmeshoes.com/", "https://acmeshoes.com"],
    ["http://acmeshoes.com", "http://acmeshoes.com"],
    ["HTTPS://shop.acmeshoes.com/", "https://shop.acmeshoes.com"],
    ["shop.acmeshoes.co.uk/checkout?step=2", "https://shop.acmeshoes.co.uk/checkout?step=2"],
    ["acmeshoes.com:8443/shop", "https://acmeshoes.com:8443/shop"],
    ["https://acmeshoes.com:443", "https://acmeshoes.com"],
    ["bücher.de", "https://xn--bcher-kva.de"],
    ["acme-shoes.example", "https://acme-shoes.example"],
  ])("reads %j as %j", (input, url) => {
    expect(websiteUrlFrom(input)).toBe(url);
  });

  it.each([
    "",
    "   ",
    "acmeshoes",
    "localhost",
    "localhost:3000",
    "acme shoes.com",
    "acmeshoes.c",
    "acmeshoes.123",
    "192.168.1.10",
    "https://192.168.1.10/admin",
    "https://[::1]/",
    "-acme.com",
    "acme-.com",
    "acme..com",
    ".acmeshoes.com",
    "javascript:alert(1)",
    "javascript://acmeshoes.com/%0aalert(1)",
    "mailto:casey@acmeshoes.com",
    "ftp://acmeshoes.com",
    "data:text/html,hi",
    "https://",
    "https:acmeshoes.com",
    "https:///acmeshoes.com",
    "https://user:secret@acmeshoes.com",
    "casey@acmeshoes.com",
    "not a url",
  ])("refuses %j", (input) => {
    expect(websiteUrlFrom(input)).toBeNull();
  });
});
