#!/usr/bin/env node
/** The `ioplan` command: one program with subcommands; each command module registers its own. */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerExampleCommands, registerReportCommand } from "./commands/example.ts";
import { registerModelCommands } from "./commands/models.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { registerObservationCommands } from "./commands/observations.ts";
import { registerPlanCommands } from "./commands/plans.ts";
import { registerExplainCommands } from "./commands/explain.ts";
import { registerMrioCommands } from "./commands/mrio.ts";
import { UsageError } from "./shared.ts";
import { isInputError } from "./inputErrors.ts";
import { setQuiet } from "./progress.ts";
import { bashCompletion, zshCompletion } from "./completion.ts";

// `ioplan … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

/** The package's version, read from package.json (two folders up from src/cli/ and from dist/cli/). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
    .version;
}

const program = new Command();
program
  .name("ioplan")
  .description("Draft, check and monitor development plans on an input–output model of an economy.")
  .version(packageVersion(), "-V, --version", "the version of ioplan (its package.json)")
  .option("-q, --quiet", "no progress display (it is shown only on a terminal, after a second of work)")
  .hook("preAction", (_cmd, action) => setQuiet(Boolean(action.optsWithGlobals().quiet) || Boolean(action.opts().json)))
  .addHelpText(
    "after",
    "\nExit codes: 0 success; 1 a result that is a failure (e.g. a model that does not validate); 2 bad " +
      "usage or bad input.\n",
  )
  // usage errors the parser finds (an unknown option, a missing argument) exit 2 like every other bad usage, named
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`ioplan: ${text.replace(/^error: /, "")}`) });

const demo = program
  .command("demo")
  .description("The worked example (default: the DPRK's plans; `demo bea` analyses the US BEA table)")
  .addHelpText(
    "after",
    "\nExample:\n  ioplan demo                 (the same as ioplan demo dprk)\n" +
      "  ioplan demo --serve         (what npm start runs)\n  ioplan demo bea --level detail\n",
  );
registerExampleCommands(demo);
registerModelCommands(program, demo);
registerMrioCommands(program, demo);
registerPlanCommands(program);
registerObservationCommands(program);
registerExplainCommands(program);
registerReportCommand(program);
registerServeCommand(program);

program
  .command("completion")
  .description("Print shell completion for bash or zsh")
  .argument("<shell>", "bash or zsh")
  .addHelpText(
    "after",
    '\nExample:\n  eval "$(ioplan completion bash)"     # in ~/.bashrc\n' +
      '  eval "$(ioplan completion zsh)"      # in ~/.zshrc\n',
  )
  .action((shell: string) => {
    if (shell === "bash") console.log(bashCompletion(program));
    else if (shell === "zsh") console.log(zshCompletion(program));
    else throw new UsageError(`completion for "${shell}" is not available; use bash or zsh`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError)
    process.exit(e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : 2);
  if (isInputError(e)) {
    console.error(`ioplan: ${(e as Error).message}`);
    process.exit(2);
  }
  throw e;
}
