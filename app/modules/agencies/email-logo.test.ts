import { describe, expect, it } from "vitest";

import { emailLogoProblem } from "./email-logo";

describe("emailLogoProblem", () => {
  it("is null for an https portal", () => {
    expect(emailLogoProblem("https://portal.agency.example")).toBeNull();
  });

  it("names the http address and what to do about it", () => {
    const problem = emailLogoProblem("http://localhost:3000");
    expect(problem).toContain("(http://localhost:3000) is not https");
    expect(problem).toContain("emails show your agency's name instead");
    expect(problem).toContain("serving it over https");
  });

  it("says so for an address that is no URL", () => {
    expect(emailLogoProblem("not a url")).toContain("no valid public address");
  });
});
