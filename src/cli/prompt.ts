/** Questions at a terminal; the commands never read stdin themselves, they get an answer function. */
import { createInterface } from "node:readline/promises";
import { describeRename, type RenameCandidate } from "../compare/renames";

/** Only when a person can answer: a terminal on both ends, and no machine-readable output expected. */
export const canPrompt = (json: boolean): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY) && !json;

export const askAboutRename = async (candidate: RenameCandidate): Promise<boolean> => {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await terminal.question(`Is ${describeRename(candidate.rename)} a rename (keeping the data)? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
};
