/** How lint messages name objects: `public.users`, `public.users.email`, `"IDX_users_email"`. */
import { displayName } from "../model/keys";
import type { QualifiedName } from "../model/schema";

export const tableLabel = (table: QualifiedName): string => displayName(table);

export const columnLabel = (table: QualifiedName, column: string): string => `${displayName(table)}.${column}`;

export const nameLabel = (name: string): string => `"${name}"`;

export const constraintKey = (table: QualifiedName, name: string): string => `${table.schema}\u0000${table.name}\u0000${name}`;

/** A statement quoted for a message, cut to a readable length. */
export const excerpt = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
