import { obtainToken } from '../../app/obtain.ts';
import { cliCollaborators } from '../collaborators.ts';
import { commandContext, type OptionSource } from '../context.ts';
import { givenToken } from '../given-token.ts';
import { warnOn } from '../io.ts';

/**
 * Flag, environment, saved token, saved session (refreshed when it is about to expire),
 * client credentials, CI federation when configured (TOKENRELAY_FEDERATION): the first
 * that answers is printed, and nothing else on stdout.
 */
export async function runAuthToken(cmd: OptionSource): Promise<void> {
  const { io, settings, opts, jobParams } = await commandContext(cmd);
  const given = await givenToken(io, opts);
  const token = await obtainToken({
    settings,
    env: io.env,
    ...(given ? { token: given.token, tokenLabel: given.label } : {}),
    method: 'auto',
    validate: 'never',
    collaborators: cliCollaborators(io, settings, jobParams, { write: true }),
    debug: io.debug,
    warn: warnOn(io),
  });
  io.debug(`token from ${token.sourceLabel}`);
  if (io.json) {
    // The one --json answer that holds the secret: asking for the token is the point of it.
    const { tokenJson } = await import(/* webpackMode: "eager" */ '../../export/token-json.ts');
    io.out(`${JSON.stringify({ ...tokenJson(token), source_label: token.sourceLabel }, null, 2)}\n`);
    return;
  }
  io.out(`${token.accessToken}\n`);
}
