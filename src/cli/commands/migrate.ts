import type { CommandModule } from "yargs";
import { downgradeCommand, upgradeCommand } from "../../commands/migrate";
import { formatMigrate } from "../format";
import { commonOptions, output, parseArgs, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  target: string;
  x?: string[];
  transaction: "all" | "each";
}

const migrateCommand = (direction: "up" | "down"): CommandModule<GlobalArgs, Args> => ({
  command: direction === "up" ? "upgrade [target]" : "downgrade <target>",
  describe: direction === "up" ? "Apply migrations up to a target (head, +N, a revision)" : "Revert migrations down to a target (-N, a revision, base)",
  builder: (y) =>
    y
      .positional("target", { type: "string", default: direction === "up" ? "head" : undefined, demandOption: direction === "down" })
      .option("x", { type: "string", array: true, describe: "key=value passed to migrations as op.args" })
      .option("transaction", {
        choices: ["all", "each"] as const,
        default: "all" as const,
        describe: "One transaction for the whole run, or one per migration",
      }) as never,
  handler: async (argv) => {
    const run = direction === "up" ? upgradeCommand : downgradeCommand;
    const result = await run({ ...commonOptions(argv), target: argv.target, args: parseArgs(argv.x), transactionMode: argv.transaction });
    output(argv, result, () => formatMigrate(result, direction));
  },
});

export const upgrade = migrateCommand("up");
export const downgrade = migrateCommand("down");
