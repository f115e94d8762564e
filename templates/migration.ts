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

export async function upgrade(op: Operations): Promise<void> {}

export async function downgrade(op: Operations): Promise<void> {}
