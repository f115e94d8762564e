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

export const describeCause = (error: unknown): string => (error instanceof Error ? error.message : String(error));
