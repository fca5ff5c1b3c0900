import type { Command } from 'commander';

/** `tokenrelay auth switch`: the default environment (and its tenant/workspace), without logging in again. */
export function registerAuthSwitch(auth: Command): void {
  auth
    .command('switch')
    .description(
      'Make a stored environment the default for commands that name none; --tenant/--workspace change what its credentials (by default the active ones) are used for',
    )
    .option('--environment <url>', 'the stored environment to use: its API URL or issuer')
    .option('--force', 'take a --tenant or --workspace the stored identity does not list')
    .action(async (_opts, cmd: Command) => {
      const { runAuthSwitch } = await import(/* webpackMode: "eager" */ './auth-switch-run.ts');
      await runAuthSwitch(cmd);
    });
}
