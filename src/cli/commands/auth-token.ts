import type { Command } from 'commander';
import { addTokenOptions } from '../global-options.ts';

/** `tokenrelay auth token`: the resolved token alone on stdout, for `TOKEN=$(tokenrelay auth token)`. */
export function registerAuthToken(auth: Command): void {
  addTokenOptions(
    auth
      .command('token')
      .description('Print the token the resolver finds (and refreshes if needed), alone on stdout'),
  ).action(async (_opts, cmd: Command) => {
    // Loaded only now, so other commands (and --help) do not pay for it; see main.ts.
    const { runAuthToken } = await import(/* webpackMode: "eager" */ './auth-token-run.ts');
    await runAuthToken(cmd);
  });
}
