import type { Command } from 'commander';
import { addRequestOptions, addTokenOptions } from '../global-options.ts';

/** `tokenrelay auth status`: how this shell would authenticate, and where the credential lives. */
export function registerAuthStatus(auth: Command): void {
  addRequestOptions(
    addTokenOptions(
      auth
        .command('status')
        .description(
          'Show how `auth token` would authenticate (the same sources, the same answers): source, identity, tenant, expiry, storage, and whether the API accepts the token (--json)',
        )
        .option(
          '--offline',
          'send nothing: no token minted or refreshed, the API not asked; what is held here is reported as not checked',
        )
        .option('--environment <url>', 'show only this stored environment (its API URL or issuer)'),
    ),
  ).action(async (_opts, cmd: Command) => {
    const { runAuthStatus } = await import(/* webpackMode: "eager" */ './auth-status-run.ts');
    await runAuthStatus(cmd);
  });
}
