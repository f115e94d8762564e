/**
 * User-facing errors carry fields and print one clear message without a stack. Anything that is not
 * an AutogenError is a bug and is reported as one.
 */
export class AutogenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ConfigError extends AutogenError {}

export class UsageError extends AutogenError {}

/**
 * The error's message, with PostgreSQL's DETAIL when it has one: that is where the server names the
 * row at fault (`Key (email)=(a@x) is duplicated.`), which a person fixing the data needs.
 */
export const describeCause = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === "string" && detail.length > 0 ? `${error.message} (${detail})` : error.message;
};
