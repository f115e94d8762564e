/**
 * ${message}
 *
 * Revision ID: ${revision}
 * Revises: ${downRevision}
 * Create Date: ${createDate}
 */
import type { Operations } from "typeorm-autogen";

export const revision = "";
export const downRevision = null;

// Runs outside a transaction: for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE on old servers,
// and batched backfills that commit as they go. A failure midway is not rolled back.
export const transactional = false;

export async function upgrade(op: Operations): Promise<void> {}

export async function downgrade(op: Operations): Promise<void> {}
