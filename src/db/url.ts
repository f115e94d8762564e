/**
 * Connection URLs: which one to use, and how to show one without its secret.
 */

export type UrlSource = "--url" | "DATABASE_URL" | "config" | "embedded";

export interface ChosenUrl {
  readonly url: string | null;
  readonly source: UrlSource;
}

export const chooseUrl = (flag: string | undefined, env: NodeJS.ProcessEnv, configUrl: string | null): ChosenUrl => {
  if (flag) return { url: flag, source: "--url" };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: "DATABASE_URL" };
  if (configUrl) return { url: configUrl, source: "config" };
  return { url: null, source: "embedded" };
};

/** `postgres://user:secret@host/db` -> `postgres://user:***@host/db`; also masks `password=` parameters. */
export const maskUrl = (url: string): string =>
  url
    .replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@")
    .replace(/([?&]password=)[^&]*/gi, "$1***");

/** Removes every occurrence of the URL's password from a message (driver errors may quote it). */
export const maskSecrets = (text: string, url: string | null): string => {
  let masked = text;
  if (url) {
    masked = masked.split(url).join(maskUrl(url));
    const password = passwordOf(url);
    if (password && password.length >= 3) masked = masked.split(password).join("***");
  }
  return masked.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, "$1***@");
};

const passwordOf = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : null;
  } catch {
    return null;
  }
};

/** The same server, another database: used for shadow and test databases. */
export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
};
