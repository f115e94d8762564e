import { AutogenError } from "../errors";

/** Ids are file-name safe and fit the version table's varchar(64). */
const REVISION_ID = /^[A-Za-z0-9_]{1,64}$/;

export class InvalidRevisionIdError extends AutogenError {
  constructor(
    readonly id: string,
    readonly where: string,
  ) {
    super(`${where}: revision id ${JSON.stringify(id)} is not valid: use 1 to 64 letters, digits or underscores.`);
  }
}

export const checkRevisionId = (id: string, where: string): string => {
  if (!REVISION_ID.test(id)) throw new InvalidRevisionIdError(id, where);
  return id;
};
