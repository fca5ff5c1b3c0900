import type { Command } from 'commander';
import { obtainToken } from '../../app/obtain.ts';
import { commandContext } from '../context.ts';

/** `tokenrelay auth token`: the resolved token alone on stdout, for `TOKEN=$(tokenrelay auth token)`. */
export function registerAuthToken(auth: Command): void {
  auth
    .command('token')
    .description('Print the token the resolver finds (and refreshes if needed), alone on stdout')
    .action(async (_opts, cmd: Command) => {
      const { io, settings } = commandContext(cmd);
      const token = await obtainToken({
        settings,
        env: io.env,
        method: 'auto',
        validate: 'never',
        debug: io.debug,
      });
      io.debug(`token from ${token.sourceLabel}`);
      io.out(`${token.accessToken}\n`);
    });
}
