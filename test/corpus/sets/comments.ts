/**
 * Column comments with every character that needs escaping. (EntitySchema has no table comment; the
 * decorated sets cover `@Entity({ comment })`.)
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

export const commentSets: CorpusSet[] = [
  schemaSet("column comments with quotes, newlines and carriage returns", ["comment with apostrophe", "comment with newline", "comment with \\r\\n", "comment with backslash", "unicode comment", "double quotes in comment"], [
    entity("commented", {
      apostrophe: { type: "varchar", comment: "it's the user's name" },
      newline: { type: "text", comment: "first line\nsecond line" },
      carriage: { type: "text", comment: "windows\r\nline" },
      backslash: { type: "text", comment: "a \\ backslash and \\n not a newline" },
      unicode: { type: "text", comment: "naïve — ✓ 日本" },
      doubleQuoted: { type: "text", comment: `the "quoted" word` },
      plain: { type: "int", comment: "plain" },
    }),
  ]),
];
