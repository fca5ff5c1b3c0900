import type { Command } from 'commander';
import { findEnvironment } from '../../app/environments.ts';
import { obtainToken } from '../../app/obtain.ts';
import { redactToken } from '../../core/redact.ts';
import { identityLabel } from '../../core/token.ts';
import { cliCollaborators } from '../collaborators.ts';
import { cliIO, commandContext } from '../context.ts';
import { emitToken, parseEmitOptions, resultJson } from '../emit.ts';
import { givenToken } from '../given-token.ts';
import { warnOn } from '../io.ts';
import { cliStore } from '../store.ts';

/** The token given, else the one the resolver finds (a saved token or session included), checked against the API. */
export async function runValidate(command: Command): Promise<void> {
  const opts = command.optsWithGlobals<Record<string, unknown>>();
  const exports = (opts.export as string[]) ?? [];
  const specs = parseEmitOptions({
    exports,
    envName: opts.envName as string | undefined,
    json: Boolean(opts.json),
    defaultPrint: false,
  });
  const io = cliIO(command);
  const given = await givenToken(io, opts);
  const context = await commandContext(command, {}, io);
  const { jobParams } = context;
  const store = cliStore(io);
  // Validating needs the API: with none named, the only environment stored is the one meant.
  const { settings, why } = await findEnvironment(context.settings, store);
  if (why) io.debug(`environment: ${why}`);
  const resolved = await obtainToken({
    settings,
    env: io.env,
    ...(given ? { token: given.token, tokenLabel: given.label } : {}),
    method: 'auto',
    validate: 'always',
    collaborators: cliCollaborators(io, settings, jobParams, { write: true, store }),
    debug: io.debug,
    warn: warnOn(io),
  });
  const who = identityLabel(resolved.identity) ?? 'unknown identity';
  if (!io.json) {
    io.err(
      `Valid: ${redactToken(resolved.accessToken)} from ${resolved.sourceLabel} belongs to ${who}` +
        (resolved.tenant ? ` (tenant ${resolved.tenant})` : ''),
    );
  }
  const files = specs.length ? emitToken(resolved, specs, io, opts.envName as string | undefined) : [];
  if (io.json) io.out(`${JSON.stringify({ valid: true, ...resultJson(resolved, files) }, null, 2)}\n`);
}
