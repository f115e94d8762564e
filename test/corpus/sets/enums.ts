/** Enum types: generated names, named and shared types, numeric values, arrays, defaults, schemas. */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

/** What TypeScript compiles `enum Priority { Low, Normal, High }` to. */
const numericPriority = { Low: 0, Normal: 1, High: 2, 0: "Low", 1: "Normal", 2: "High" };

export const enumSets: CorpusSet[] = [
  schemaSet("enum columns with generated type names", ["enum with default", "two enum columns in one table", "nullable enum", "TypeORM's table_column_enum naming"], [
    entity("tickets", {
      state: { type: "enum", enum: ["open", "in progress", "closed"], default: "open" },
      severity: { type: "enum", enum: ["minor", "major"], nullable: true },
    }),
  ]),
  schemaSet("named enum shared between tables", ["enumName", "one type used by two tables", "default on one of them"], [
    entity("invoices", { currency: { type: "enum", enum: ["EUR", "USD", "GBP"], enumName: "currency_code", default: "EUR" } }),
    entity("payouts", { currency: { type: "enum", enum: ["EUR", "USD", "GBP"], enumName: "currency_code" } }),
  ]),
  schemaSet("numeric TypeScript enum", ["numeric enum object", "labels are the numbers", "numeric default"], [
    entity("jobs", {
      priority: { type: "enum", enum: numericPriority, default: 1 },
      fallback: { type: "enum", enum: numericPriority, enumName: "job_priority", nullable: true },
    }),
  ]),
  schemaSet("enum arrays", ["enum array", "enum array with default", "named enum array", "empty array default"], [
    entity("subscriptions", {
      channels: { type: "enum", enum: ["mail", "sms", "push"], array: true, default: ["mail"] },
      days: { type: "enum", enum: ["mon", "tue", "wed"], enumName: "weekday", array: true, default: [] },
      tags: { type: "enum", enum: ["a", "b"], array: true, nullable: true },
    }),
  ]),
  schemaSet("enum labels with spaces, capitals and unicode", ["label with spaces", "mixed-case labels", "unicode label", "mixed-case enum name"], [
    entity("labels_enum", {
      kind: { type: "enum", enum: ["Needs Review", "OK", "ünïcode", "with-dash"], enumName: "LabelKind", default: "OK" },
    }),
  ]),
  schemaSet("enum labels containing quotes", ["enum label with an apostrophe", "enum label with a double quote"], [
    entity("quoted_enum", { mood: { type: "enum", enum: ["it's fine", "bad", `"quoted"`], default: "bad" } }),
  ]),
  schemaSet(
    "enum default containing a quote",
    ["enum default with an apostrophe"],
    [entity("quoted_enum_default", { mood: { type: "enum", enum: ["it's fine", "bad"], default: "it's fine" } })],
    {
      // TypeORM escapes the labels of the type but writes the column default as `'${value}'`, so
      // synchronize sends DEFAULT 'it's fine' and PostgreSQL rejects it.
      synchronizeIsWrong: {
        reason: "TypeORM does not escape quotes in enum defaults: synchronize sends DEFAULT 'it's fine'",
        error: "syntax error",
      },
      expectColumns: [
        { table: "public.quoted_enum_default", name: "mood", default: "'it''s fine'::public.quoted_enum_default_mood_enum" },
      ],
    },
  ),
  schemaSet("enum in keys and foreign keys", ["enum column in a composite primary key", "foreign key over an enum column", "the referencing column's enum type"], [
    entity("plans", {
      tier: { type: "enum", enum: ["free", "pro"], enumName: "plan_tier", primary: true },
      region: { type: "varchar", length: 4, primary: true },
    }, { name: "Plan" }),
    entity("plan_subscriptions", {}, {
      name: "PlanSubscription",
      relations: {
        plan: {
          type: "many-to-one",
          target: "Plan",
          joinColumn: [
            { name: "plan_tier", referencedColumnName: "tier" },
            { name: "plan_region", referencedColumnName: "region" },
          ],
        },
      },
    }),
  ]),
  schemaSet("enum in a non-public schema", ["entity schema: sales", "enum type created in sales", "named enum in sales shared by two tables"], [
    entity("deals", {
      stage: { type: "enum", enum: ["lead", "won", "lost"], default: "lead" },
      channel: { type: "enum", enum: ["web", "phone"], enumName: "sales_channel" },
    }, { schema: "sales" }),
    entity("leads", { channel: { type: "enum", enum: ["web", "phone"], enumName: "sales_channel", nullable: true } }, { schema: "sales" }),
  ]),
];
