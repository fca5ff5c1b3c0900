import { type Command, Option } from 'commander';

/** `tokenrelay auth logout`: forget what login saved here and revoke the session at the server. */
export function registerAuthLogout(auth: Command): void {
  auth
    .command('logout')
    .description(
      'Remove what auth login saved for the environment (session and API token), revoking the session',
    )
    .option('--all-environments', 'log out of every environment something is stored for')
    // `--all` once meant "the saved API token too", which logout now always removes: still
    // accepted (a warning says so), no longer offered in help or completion.
    .addOption(new Option('--all', 'deprecated: logout removes the saved API token without it').hideHelp())
    .action(async (_opts, cmd: Command) => {
      const { runAuthLogout } = await import(/* webpackMode: "eager" */ './auth-logout-run.ts');
      await runAuthLogout(cmd);
    });
}
