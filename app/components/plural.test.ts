import { describe, expect, it } from "vitest";

import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for one and the plural otherwise, zero included", () => {
    expect(plural(1, "time")).toBe("1 time");
    expect(plural(2, "time")).toBe("2 times");
    expect(plural(0, "session")).toBe("0 sessions");
  });

  it("takes an irregular plural", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(5, "person", "people")).toBe("5 people");
  });
});
