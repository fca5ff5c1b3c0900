import type { Command } from 'commander';
import { addTokenOptions } from '../global-options.ts';

/** `tokenrelay auth status`: how this shell would authenticate, and where the credential lives. */
export function registerAuthStatus(auth: Command): void {
  addTokenOptions(
    auth
      .command('status')
      .description('Show how you are authenticated: source, identity, tenant, expiry, storage (--json)'),
  ).action(async (_opts, cmd: Command) => {
    const { runAuthStatus } = await import(/* webpackMode: "eager" */ './auth-status-run.ts');
    await runAuthStatus(cmd);
  });
}
