import { describe, expect, it } from "vitest";

import { dateRange, decodeCursor, encodeCursor, filterParams, parseAuditQuery, parseDay, summariseDetails, typeMatch } from "./audit-query";

const parse = (qs: string) => parseAuditQuery(new URLSearchParams(qs));

describe("parseAuditQuery", () => {
  it("keeps good filters", () => {
    expect(parse("actor=staff&type=link.&client=clabc12345&from=2024-03-01&to=2024-03-31")).toEqual({
      query: { actor: "staff", type: "link.", client: "clabc12345", from: "2024-03-01", to: "2024-03-31" },
      ignored: [],
    });
  });

  it("no filters is no filter", () => {
    expect(parse("")).toEqual({ query: {}, ignored: [] });
    expect(parse("actor=&type=+&client=&from=&to=")).toEqual({ query: {}, ignored: [] });
  });

  it.each([
    ["actor=robot", "actor"],
    ["actor=STAFF", "actor"],
    ["type=link%25", "type"],
    ["type=link..created", "type"],
    [`type=${"a".repeat(101)}`, "type"],
    ["type=<script>", "type"],
    ["client=../../etc", "client"],
    ["client=x", "client"],
    ["from=2024-02-30", "from"],
    ["from=yesterday", "from"],
    ["to=2024-13-01", "to"],
    ["to=2024-3-1", "to"],
    ["cursor=abc", "cursor"],
    ["cursor=1709251200000.short", "cursor"],
  ])("ignores %s instead of throwing", (qs, field) => {
    const { query, ignored } = parse(qs);
    expect(query[field as keyof typeof query]).toBeUndefined();
    expect(ignored.map((i) => i.field)).toEqual([field]);
  });

  it("drops an array-valued or repeated parameter to its last value, and unknown keys", () => {
    expect(parse("actor=robot&actor=client&color=red&toString=x&__proto__=y")).toEqual({ query: { actor: "client" }, ignored: [] });
  });

  it("normalises the event type and keeps the other filters when one is bad", () => {
    const { query, ignored } = parse("type=%20Link.Created%20&actor=robot&from=2024-01-01");
    expect(query).toEqual({ type: "link.created", from: "2024-01-01" });
    expect(ignored).toEqual([{ field: "actor", label: "actor", value: "robot" }]);
  });

  it("ignores a to date before the from date", () => {
    const { query, ignored } = parse("from=2024-03-10&to=2024-03-01");
    expect(query).toEqual({ from: "2024-03-10" });
    expect(ignored).toEqual([{ field: "to", label: "to date (before the from date)", value: "2024-03-01" }]);
  });

  it("shortens a long ignored value for display", () => {
    expect(parse(`client=${"!".repeat(500)}`).ignored[0]!.value).toHaveLength(60);
  });
});

describe("dates", () => {
  it("accepts only real calendar days", () => {
    expect(parseDay("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(parseDay("2023-02-29")).toBeNull();
    expect(parseDay("2024-02-29T00:00")).toBeNull();
  });

  it("makes the to date inclusive, in UTC", () => {
    expect(dateRange({ from: "2024-03-01", to: "2024-03-01" })).toEqual({
      gte: new Date("2024-03-01T00:00:00.000Z"),
      lt: new Date("2024-03-02T00:00:00.000Z"),
    });
    expect(dateRange({})).toEqual({});
    expect(dateRange({ to: "2024-12-31" })).toEqual({ lt: new Date("2025-01-01T00:00:00.000Z") });
  });
});

describe("cursor", () => {
  it("round-trips (createdAt, id)", () => {
    const event = { createdAt: new Date("2024-03-01T10:00:00.123Z"), id: "clevent0001" };
    expect(decodeCursor(encodeCursor(event))).toEqual(event);
    expect(decodeCursor("nope")).toBeNull();
  });
});

describe("typeMatch", () => {
  it("matches the type or whole segments below it", () => {
    expect(typeMatch("link.")).toEqual({ exact: "link", gte: "link.", lt: "link/" });
    expect(typeMatch("link")).toEqual({ exact: "link", gte: "link.", lt: "link/" });
    const m = typeMatch("link.created");
    const matches = (t: string) => t === m.exact || (t >= m.gte && t < m.lt);
    expect(["link.created", "link.created.x"].every(matches)).toBe(true);
    expect(["link.create", "link.createdX", "link.reissued"].some(matches)).toBe(false);
  });
});

describe("filterParams", () => {
  it("carries the filters but not the page", () => {
    expect(filterParams({ actor: "client", type: "link.", cursor: "1.abcdefgh" }).toString()).toBe("actor=client&type=link.");
  });
});

describe("summariseDetails", () => {
  it("lists the keys and values", () => {
    expect(summariseDetails('{"role":"VIEWER","sites":["123","456"],"lifetimeHours":168}')).toBe(
      "role: VIEWER, sites: 123, 456, lifetimeHours: 168",
    );
    expect(summariseDetails("{}")).toBe("");
    expect(summariseDetails('{"reason":null,"nested":{"a":1}}')).toBe('reason: —, nested: {"a":1}');
  });

  it("shortens long details and survives text that is not JSON", () => {
    expect(summariseDetails(`{"note":"${"x".repeat(300)}"}`)).toHaveLength(120);
    expect(summariseDetails("=not json")).toBe("=not json");
  });
});
