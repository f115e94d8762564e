import { Client } from "pg";
import { AutogenError, describeCause } from "../errors";
import { maskSecrets, maskUrl } from "./url";

export class ConnectionError extends AutogenError {
  constructor(
    readonly maskedUrl: string,
    reason: string,
  ) {
    super(`Cannot connect to ${maskedUrl}: ${reason}`);
  }
}

export const connect = async (url: string): Promise<Client> => {
  let client: Client;
  try {
    // pg parses the URL here; a malformed one is the user's input, not a bug.
    client = new Client({ connectionString: url, application_name: "autogen" });
  } catch (error) {
    throw new ConnectionError(maskUrl(url), `not a valid PostgreSQL URL (${maskSecrets(describeCause(error), url)})`);
  }
  // An idle client that loses its server would otherwise crash the process with an unhandled 'error'.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ConnectionError(maskUrl(url), maskSecrets(describeCause(error), url));
  }
  return client;
};

export const serverVersionNum = async (client: Client): Promise<number> =>
  Number((await client.query<{ server_version_num: string }>("SHOW server_version_num")).rows[0].server_version_num);
