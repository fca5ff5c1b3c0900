import type { Command } from 'commander';
import { obtainToken } from '../../app/obtain.ts';
import { redactToken } from '../../core/redact.ts';
import { identityLabel } from '../../core/token.ts';
import { tokenJson } from '../../export/token-json.ts';
import { cliCollaborators } from '../collaborators.ts';
import { cliIO, commandContext } from '../context.ts';
import { emitToken, parseEmitOptions } from '../emit.ts';
import { secretFromStdin } from '../secret-input.ts';

/** The token given, else the one the resolver finds (a saved token or session included), checked against the API. */
export async function runValidate(command: Command): Promise<void> {
  const opts = command.optsWithGlobals<Record<string, unknown>>();
  const exports = (opts.export as string[]) ?? [];
  const specs = exports.length
    ? parseEmitOptions({ exports, envName: opts.envName as string | undefined })
    : [];
  const io = cliIO(command);
  const token = opts.tokenStdin ? await secretFromStdin(io, 'the token') : (opts.token as string | undefined);
  const { settings, jobParams } = commandContext(command, {}, io);
  const resolved = await obtainToken({
    settings,
    env: io.env,
    token,
    method: 'auto',
    validate: 'always',
    collaborators: cliCollaborators(io, settings, jobParams, { write: true }),
    debug: io.debug,
  });
  const who = identityLabel(resolved.identity) ?? 'unknown identity';
  if (io.json && specs.length === 0) {
    const { token: _omit, ...fields } = tokenJson(resolved);
    io.out(
      `${JSON.stringify({ valid: true, ...fields, token_redacted: redactToken(resolved.accessToken) }, null, 2)}\n`,
    );
  } else {
    io.err(
      `Valid: ${redactToken(resolved.accessToken)} from ${resolved.sourceLabel} belongs to ${who}` +
        (resolved.tenant ? ` (tenant ${resolved.tenant})` : ''),
    );
  }
  if (specs.length) emitToken(resolved, specs, io, opts.envName as string | undefined);
}
