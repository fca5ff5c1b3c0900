import type { Command } from 'commander';

/** `tokenrelay run -- COMMAND …`: the token in one child's environment, nowhere else. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      "Run a command with the token in its environment only (and, with --token-file, in a file kept fresh while it runs); exit with the command's code",
    )
    .usage('[options] -- COMMAND [ARGS...]')
    .argument('[command...]', 'the command to run, after --')
    .option('--env-name <name>', 'variable the command gets the token in (default TOKENRELAY_TOKEN)')
    .option(
      '--token-file <path>',
      'also write the token to this new 0600 file, rewritten before it expires and deleted when the command exits; NAME_FILE holds its path',
    )
    .action(async (command: string[], _opts, cmd: Command) => {
      // Loaded only when this command runs, so other commands do not pay for it (see main.ts).
      const { runRun } = await import(/* webpackMode: "eager" */ './run-command.ts');
      await runRun(cmd, command);
    });
}
