import type { Command } from 'commander';

/** `tokenrelay auth logout`: forget the OAuth session here and revoke it at the server. */
export function registerAuthLogout(auth: Command): void {
  auth
    .command('logout')
    .description('Remove the OAuth session (and revoke it); --all also removes a saved API token')
    .option('--all', 'also remove the API token saved with `auth login --with-token`')
    .action(async (_opts, cmd: Command) => {
      const { runAuthLogout } = await import(/* webpackMode: "eager" */ './auth-logout-run.ts');
      await runAuthLogout(cmd);
    });
}
