// The PostgreSQL variant of prisma/schema.prisma. The schema is written once, in the subset
// both providers share (strings for statuses, no native types), so the variant differs only in
// its datasource provider and in where its client is generated.

const HEADER = `// GENERATED from ../schema.prisma by \`npm run db:migration\`: edit that file, not this one.
// The PostgreSQL variant of the portal's one schema (docs/decisions/021).
`;

export function derivePostgresSchema(source: string): string {
  let out = source;
  const swap = (pattern: RegExp, replacement: string, what: string) => {
    if (!pattern.test(out)) throw new Error(`prisma/schema.prisma: cannot find ${what}`);
    out = out.replace(pattern, replacement);
  };
  swap(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'the datasource provider "sqlite"');
  // The SQLite client keeps the default output (@prisma/client); this one gets its own folder.
  swap(/(generator client \{[^}]*?)(\n\})/, '$1\n  output     = "../../generated/pg-client"$2', "the client generator");
  // The source's leading comment describes the source; the variant says where it comes from.
  out = out.replace(/^(\/\/[^\n]*\n)+\n?/, "");
  return `${HEADER}\n${out}`;
}
