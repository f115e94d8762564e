import { AutogenError } from "../errors";

/** A difference autogen sees but cannot yet express as operations without risking data. */
export class UnsupportedChangeError extends AutogenError {
  constructor(
    readonly object: string,
    readonly change: string,
    readonly advice: string,
  ) {
    super(`${object}: ${change} is not generated automatically. ${advice}`);
  }
}

/** A `--rename` hint (or an entry of the config's rename map) that names nothing it could rename. */
export class RenameHintError extends AutogenError {}
