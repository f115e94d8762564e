/**
 * render every kind
 * second line with *\/ in it
 *
 * Revision ID: abc123def456
 * Revises: 000000000001
 * Create Date: 2026-11-21 10:42:07 UTC
 */
import type { Operations } from "typeorm-autogen";

export const revision = "abc123def456";
export const downRevision = "000000000001";

export async function upgrade(op: Operations): Promise<void> {
  // Write the upgrade: op.execute(sql) for data, op.addColumn(...) and friends for schema.
}

export async function downgrade(op: Operations): Promise<void> {
  // Write the downgrade: undo exactly what upgrade() does.
}
