import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { afterEach, describe, expect, it, vi } from "vitest";

import { DEFAULT_LOCALE, type Locale, LOCALES } from "./locales";
import { CATALOG, intlFor, NAMESPACES } from "./messages.server";

/**
 * Every language says everything English says, in messages react-intl can format (decision 042).
 * A gap would otherwise go unseen: messagesFor puts English underneath at run time.
 */

type ArgumentKind = "text" | "number" | "date" | "plural" | "select" | "tag";

/** The arguments a message reads, nested plural and select branches included, with what each needs. */
function argumentsOf(elements: MessageFormatElement[], found = new Map<string, ArgumentKind>()): Map<string, ArgumentKind> {
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        found.set(el.value, "text");
        break;
      case TYPE.number:
        found.set(el.value, "number");
        break;
      case TYPE.date:
      case TYPE.time:
        found.set(el.value, "date");
        break;
      case TYPE.plural:
        found.set(el.value, "plural");
        for (const option of Object.values(el.options)) argumentsOf(option.value, found);
        break;
      case TYPE.select:
        found.set(el.value, "select");
        for (const option of Object.values(el.options)) argumentsOf(option.value, found);
        break;
      case TYPE.tag:
        found.set(el.value, "tag");
        argumentsOf(el.children, found);
        break;
      default:
        break;
    }
  }
  return found;
}

/** Plural branches a language needs: its CLDR categories ("many" is optional: it only covers millions in es, fr and pt). */
function missingPluralBranches(elements: MessageFormatElement[], locale: Locale): string[] {
  const missing: string[] = [];
  for (const el of elements) {
    if (el.type === TYPE.plural) {
      const categories = new Intl.PluralRules(locale, { type: el.pluralType }).resolvedOptions().pluralCategories;
      for (const category of categories) {
        if (category !== "many" && !(category in el.options)) missing.push(`{${el.value}} lacks "${category}"`);
      }
      for (const key of Object.keys(el.options)) {
        if (!key.startsWith("=") && !(categories as string[]).includes(key))
          missing.push(`{${el.value}} has "${key}", not a ${locale} category`);
      }
    }
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) missing.push(...missingPluralBranches(option.value, locale));
    }
    if (el.type === TYPE.tag) missing.push(...missingPluralBranches(el.children, locale));
  }
  return missing;
}

/** Values of the right kind for each argument; `count` sets every plural argument, to reach each branch. */
function sampleValues(args: Map<string, ArgumentKind>, count: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, kind] of args) {
    if (kind === "text") values[name] = `‹${name}›`;
    else if (kind === "number" || kind === "plural") values[name] = count;
    else if (kind === "date") values[name] = new Date(Date.UTC(2026, 11, 4, 9, 30));
    else if (kind === "select") values[name] = "other";
    else values[name] = (chunks: string[]) => chunks.join("");
  }
  return values;
}

function parsed(text: string): MessageFormatElement[] | Error {
  try {
    return parse(text, { requiresOtherClause: true });
  } catch (error) {
    return error as Error;
  }
}

/** What went wrong, from react-intl's report: the error it caught follows its "Locale:" line. */
function causeOf(reported: unknown): string {
  const lines = (reported instanceof Error ? reported.message : String(reported)).split("\n");
  const locale = lines.findIndex((line) => line.startsWith("Locale:"));
  return lines.slice(locale + 1).find((line) => line.trim() !== "") ?? lines[0] ?? "";
}

const english = CATALOG[DEFAULT_LOCALE];

describe.each(LOCALES)("the %s catalogue", (locale) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe.each(NAMESPACES)("%s.json", (namespace) => {
    const messages: Record<string, string> = CATALOG[locale][namespace];
    const source: Record<string, string> = english[namespace];

    it("has exactly English's keys", () => {
      const missing = Object.keys(source).filter((key) => !Object.hasOwn(messages, key));
      const extra = Object.keys(messages).filter((key) => !Object.hasOwn(source, key));
      expect({ missing, extra }, `${locale}/${namespace}.json`).toEqual({ missing: [], extra: [] });
    });

    it("has no empty message", () => {
      const empty = Object.entries(messages).filter(([, text]) => typeof text !== "string" || text.trim() === "");
      expect(empty.map(([key]) => key)).toEqual([]);
    });

    it("parses as ICU, with English's arguments and the plural branches the language needs", () => {
      const problems: string[] = [];
      for (const [key, text] of Object.entries(messages)) {
        const tree = parsed(text);
        if (tree instanceof Error) {
          problems.push(`${key}: ${tree.message}`);
          continue;
        }
        const englishTree = source[key] === undefined ? null : parsed(source[key]);
        if (englishTree && !(englishTree instanceof Error)) {
          const want = [...argumentsOf(englishTree).keys()].sort();
          const have = [...argumentsOf(tree).keys()].sort();
          if (want.join() !== have.join()) problems.push(`${key}: arguments {${have.join("}, {")}}, English has {${want.join("}, {")}}`);
        }
        for (const branch of missingPluralBranches(tree, locale)) problems.push(`${key}: ${branch}`);
      }
      expect(problems).toEqual([]);
    });

    it("formats every message through intlFor with sample values, for one and for several", () => {
      // react-intl does not throw: it reports a formatting error through console.error and renders a fallback.
      const reported = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const intl = intlFor(locale);
      const problems: string[] = [];
      for (const key of Object.keys(messages)) {
        // The values callers pass are English's arguments: a translation reading another one fails here too.
        const englishTree = parsed(source[key] ?? "");
        const args = englishTree instanceof Error ? new Map<string, ArgumentKind>() : argumentsOf(englishTree);
        for (const count of [1, 2]) {
          const before = reported.mock.calls.length;
          const out = intl.formatMessage({ id: `${namespace}.${key}` }, sampleValues(args, count) as never);
          if (reported.mock.calls.length > before) problems.push(`${key} (count ${count}): ${causeOf(reported.mock.calls.at(-1)?.[0])}`);
          else if (typeof out !== "string" || out.trim() === "")
            problems.push(`${key} (count ${count}): formatted to ${JSON.stringify(out)}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});
