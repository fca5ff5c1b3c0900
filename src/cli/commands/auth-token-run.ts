import { obtainToken } from '../../app/obtain.ts';
import { cliCollaborators } from '../collaborators.ts';
import { commandContext, type OptionSource } from '../context.ts';

/**
 * Flag, environment, saved token, saved session (refreshed when it is about to expire),
 * client credentials, CI federation when configured (TOKENRELAY_FEDERATION): the first
 * that answers is printed, and nothing else on stdout.
 */
export async function runAuthToken(cmd: OptionSource): Promise<void> {
  const { io, settings, jobParams } = commandContext(cmd);
  const token = await obtainToken({
    settings,
    env: io.env,
    method: 'auto',
    validate: 'never',
    collaborators: cliCollaborators(io, settings, jobParams, { write: true }),
    debug: io.debug,
  });
  io.debug(`token from ${token.sourceLabel}`);
  io.out(`${token.accessToken}\n`);
}
