import fs from "node:fs";

import { describe, expect, it } from "vitest";

import { derivePostgresSchema } from "./postgres-schema";

const source = fs.readFileSync("prisma/schema.prisma", "utf8");

describe("the PostgreSQL variant of the schema", () => {
  const derived = derivePostgresSchema(source);

  it("changes the provider and the client's output, and nothing in the models", () => {
    expect(derived).toMatch(/datasource db \{\s*provider = "postgresql"/);
    expect(derived).not.toContain('"sqlite"');
    expect(derived).toContain('output     = "../../generated/pg-client"');
    const models = (text: string) => text.slice(text.indexOf("model "));
    expect(models(derived)).toBe(models(source));
  });

  it("says it is generated, and is what is checked in", () => {
    expect(derived.split("\n")[0]).toMatch(/^\/\/ GENERATED from \.\.\/schema\.prisma/);
    expect(fs.readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(derived);
  });

  it("refuses a schema it cannot find the provider in, instead of writing a wrong variant", () => {
    expect(() => derivePostgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/datasource provider/);
  });
});
