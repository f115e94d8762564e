import path from "node:path";
import type { CommandModule } from "yargs";
import { branchesCommand, headsCommand, showCommand, type RevisionSummary } from "../../commands/inspect";
import { commonOptions, output, type GlobalArgs } from "../shared";

const line = (revision: RevisionSummary): string => {
  const labels = revision.branchLabels.length > 0 ? ` (${revision.branchLabels.join(", ")})` : "";
  return `${revision.id}${labels} ${revision.message}`.trimEnd();
};

const detail = (revision: RevisionSummary): string[] => [
  `    parents: ${revision.parents.join(", ") || "<base>"}`,
  ...(revision.dependsOn.length > 0 ? [`    depends on: ${revision.dependsOn.join(", ")}`] : []),
  ...(revision.path ? [`    ${path.relative(process.cwd(), revision.path) || revision.path}`] : []),
];

export const heads: CommandModule<GlobalArgs, GlobalArgs & { "resolve-dependencies": boolean }> = {
  command: "heads",
  describe: "List the heads of the revision graph",
  builder: (y) =>
    y.option("resolve-dependencies", { type: "boolean", default: false, describe: "Leave out heads another head depends on" }),
  handler: (argv) => {
    const result = headsCommand({ ...commonOptions(argv), resolveDependencies: argv["resolve-dependencies"] });
    output(argv, result, () => result.flatMap((revision) => [`${line(revision)} (head)`, ...(argv.verbose ? detail(revision) : [])]));
  },
};

export const branches: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "branches",
  describe: "List the revisions where the history forks, with their children",
  handler: (argv) => {
    const points = branchesCommand(commonOptions(argv));
    output(argv, points, () =>
      points.length === 0
        ? ["No branch points: the history is a single line."]
        : points.flatMap((point) => [
            `${line(point.revision)} (branch point)`,
            ...(argv.verbose ? detail(point.revision) : []),
            ...point.children.map((child) => `  -> ${line(child)}`),
          ]),
    );
  },
};

export const show: CommandModule<GlobalArgs, GlobalArgs & { revision: string }> = {
  command: "show <revision>",
  describe: "Show one revision: its place in the graph and the operations its upgrade performs",
  builder: (y) => y.positional("revision", { type: "string", demandOption: true }) as never,
  handler: async (argv) => {
    const shown = await showCommand({ ...commonOptions(argv), revision: argv.revision });
    output(argv, shown, () => [
      `Rev: ${shown.id}${shown.isHead ? " (head)" : ""}`,
      `Parent: ${shown.parents.join(", ") || "<base>"}`,
      ...(shown.children.length > 0 ? [`Children: ${shown.children.join(", ")}`] : []),
      ...(shown.branchLabels.length > 0 ? [`Branch labels: ${shown.branchLabels.join(", ")}`] : []),
      ...(shown.dependsOn.length > 0 ? [`Depends on: ${shown.dependsOn.join(", ")}`] : []),
      ...(shown.path ? [`Path: ${shown.path}`] : []),
      "",
      `    ${shown.message}`,
      "",
      shown.upgradeNotRecorded === null
        ? `Upgrade (${shown.upgradeOperations.length} operation${shown.upgradeOperations.length === 1 ? "" : "s"}):`
        : `Upgrade could not be recorded without a database: ${shown.upgradeNotRecorded}`,
      ...shown.upgradeOperations.map((op) => `  ${op}`),
    ]);
  },
};
