// The hostile values of the bad-input suite, generated: oversized, wrong types, unicode tricks,
// HTML and script, SQL-looking, null bytes, path and header tricks.
export const MB = 1024 * 1024;

/** Values a form field receives. Named, so a failure says which one. */
export function hostileValues(): [string, string][] {
  return [
    ["10k chars", "A".repeat(10_000)],
    ["100k chars", "b".repeat(100_000)],
    ["1M chars", "c".repeat(MB)],
    ["50k multibyte", "é".repeat(50_000)],
    ["20k emoji", "😀".repeat(20_000)],
    ["empty", ""],
    ["spaces", "   \t  "],
    ["RTL override", "invoice\u202Egnp.exe"],
    ["zero-width", "a\u200Bd\u200Cm\u200Di\uFEFFn@agency.example"],
    ["homoglyph email", "оwner@аgency.example"],
    ["NUL inside", "abc\u0000def"],
    ["only NUL", "\u0000"],
    ["lone surrogate", "x\uD800y"],
    ["combining marks", "Z\u0351\u0352\u0353\u0354\u0355".repeat(200)],
    ["script tag", "<script>alert(document.cookie)</script>"],
    ["attribute break", '"><img src=x onerror=alert(1)>'],
    ["javascript url", "javascript:alert(1)"],
    ["SQL tautology", "' OR '1'='1' --"],
    ["SQL drop", '\'; DROP TABLE "User"; --'],
    ["SQL union", "1 UNION SELECT passwordHash FROM User"],
    ["number", "-1"],
    ["huge number", "1e309"],
    ["NaN", "NaN"],
    ["object text", "[object Object]"],
    ["JSON object", '{"$gt":""}'],
    ["boolean", "true"],
    ["null word", "null"],
    ["path traversal", "../../../../etc/passwd"],
    ["CRLF header", "x\r\nSet-Cookie: portal_session=evil"],
    ["template", "{{7*7}}${7*7}<%= 7*7 %>"],
    ["prototype", "__proto__"],
    ["percent junk", "%E0%A4%A%00%"],
  ];
}

/** Values small enough for a URL (Node refuses request lines over 16 KB before the app sees them). */
export function hostileUrlValues(): [string, string][] {
  return hostileValues().filter(([, v]) => {
    try {
      return v !== "" && encodeURIComponent(v).length <= 12_000;
    } catch {
      return false; // a lone surrogate has no UTF-8 form: no client can put it in a URL
    }
  });
}
