import { teamRoleWords } from "~/modules/audit/event-words";

/** "an Owner", "an Admin", "a Member": a role in a sentence ("Sam is now an Admin."). */
export function roleWithArticle(role: string): string {
  const name = teamRoleWords(role);
  return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
}
