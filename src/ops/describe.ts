import { displayName } from "../model/keys";
import { tableOf, type MigrationOp } from "./types";

/** A short name for messages: `addColumn public.users.email`. */
export const describeOp = (op: MigrationOp): string => {
  const table = tableOf(op);
  const subject =
    "column" in op && typeof op.column === "string"
      ? op.column
      : "column" in op && op.column && typeof op.column === "object"
        ? op.column.name
        : "name" in op && typeof op.name === "string"
          ? op.name
          : null;
  const target = table ? displayName(table) : "schema" in op ? op.schema : "extension" in op ? op.extension.name : "";
  return [op.kind, [target, subject].filter(Boolean).join(".")].filter(Boolean).join(" ");
};
