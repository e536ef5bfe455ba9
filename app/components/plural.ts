// Counts in words (issue 15: "1 time(s)" is a code, not a sentence). Intl.PluralRules picks the
// form, so the rule is the language's, not an `=== 1` in every caller.
const rules = new Intl.PluralRules("en");

/** "1 time", "3 times", "0 sessions": the count and the word in the form English uses for it. */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${count} ${rules.select(count) === "one" ? one : other}`;
}
