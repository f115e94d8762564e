/** Questions at a terminal; the commands never read stdin themselves, they get an answer function. */
import { createInterface, type Interface } from "node:readline";
import { describeRename, type RenameCandidate } from "../compare/renames";

/** Only when a person can answer: a terminal on both ends, and no machine-readable output expected. */
export const canPrompt = (json: boolean): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY) && !json;

/**
 * One reader for the whole run, with the lines typed ahead kept in order: a reader per question
 * would swallow the answers typed before their question appears. The end of input (Ctrl+D, or a
 * closed pipe) answers every question left with no.
 */
class Questions {
  private terminal: Interface | null = null;
  private readonly typedAhead: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;

  private reader(): Interface {
    if (this.terminal) return this.terminal;
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    terminal.on("line", (line) => {
      const answer = this.waiting;
      this.waiting = null;
      if (answer) answer(line);
      else this.typedAhead.push(line);
    });
    terminal.on("close", () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = null;
    });
    // Ctrl+C at a question stops the run, as it would anywhere else.
    terminal.on("SIGINT", () => {
      terminal.close();
      process.kill(process.pid, "SIGINT");
    });
    this.terminal = terminal;
    return terminal;
  }

  ask(question: string): Promise<string | null> {
    // A closed reader must not be prompted again: that would resume stdin and keep the process alive.
    if (this.ended) {
      process.stderr.write(`${question}\n`);
      return Promise.resolve(this.typedAhead.shift() ?? null);
    }
    const terminal = this.reader();
    terminal.setPrompt(question);
    terminal.prompt();
    if (this.typedAhead.length > 0) return Promise.resolve(this.typedAhead.shift()!);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Lets the process end: an open reader keeps stdin, and so the process, alive. */
  close(): void {
    this.terminal?.close();
    this.terminal = null;
  }
}

const questions = new Questions();

export const askAboutRename = async (candidate: RenameCandidate): Promise<boolean> => {
  const answer = await questions.ask(`Is ${describeRename(candidate.rename)} a rename (keeping the data)? [y/N] `);
  return answer !== null && /^y(es)?$/i.test(answer.trim());
};

export const closeQuestions = (): void => questions.close();
