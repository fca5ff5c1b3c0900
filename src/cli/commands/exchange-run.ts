import type { Command } from 'commander';
import { obtainToken } from '../../app/obtain.ts';
import { usageError } from '../../core/errors.ts';
import { parseParams } from '../../core/extra-params.ts';
import { redactToken } from '../../core/redact.ts';
import type { FlagValues } from '../../core/settings.ts';
import { identityLabel } from '../../core/token.ts';
import { cliCache } from '../cache.ts';
import { cliIO, commandContext } from '../context.ts';
import { emitToken, parseEmitOptions, resultJson } from '../emit.ts';
import { givenToken } from '../given-token.ts';
import { warnOn } from '../io.ts';
import { secretFromFile, secretFromStdin } from '../secret-input.ts';

/** Client credentials, or the CI job's own token with --federation: minted, reported on stderr, handed on. */
export async function runExchange(command: Command): Promise<void> {
  const opts = command.optsWithGlobals<Record<string, unknown>>();
  const specs = parseEmitOptions({
    exports: (opts.export as string[]) ?? [],
    print: Boolean(opts.print),
    envName: opts.envName as string | undefined,
    json: Boolean(opts.json),
  });
  const extra: FlagValues = {};
  const io = cliIO(command);
  const given = await givenToken(io, opts);
  if (given && opts.clientSecretStdin) {
    throw usageError(
      '--token-stdin and --client-secret-stdin both read stdin.',
      'Give one of them another way.',
    );
  }
  if (opts.clientSecretStdin) extra.clientSecret = await secretFromStdin(io, 'client secret');
  if (opts.privateKeyFile)
    extra.privateKey = secretFromFile(opts.privateKeyFile as string, 'the private key');
  const { settings, jobParams } = await commandContext(command, extra, io);
  const extraParams = { ...jobParams, ...parseParams((opts.param as string[]) ?? []) };
  const token = await obtainToken({
    settings,
    env: io.env,
    // A given token is handed on as is (validated with --validate), as the Action's `token` input;
    // --federation (or TOKENRELAY_FEDERATION / the profile's federation) means the CI token.
    ...(given ? { token: given.token, tokenLabel: given.label } : {}),
    method: given ? 'token' : settings.federation ? 'oidc' : 'client-credentials',
    validate: opts.validate ? 'always' : 'never',
    collaborators: { extraParams, cache: cliCache(io, settings, { write: true }), face: 'cli' },
    debug: io.debug,
    warn: warnOn(io),
  });
  try {
    // A short token shows only its length, already in parentheses: "(30 characters)".
    const shown = redactToken(token.accessToken);
    io.note(
      `Got a ${token.tokenType} token ${shown.startsWith('(') ? shown : `(${shown})`} from ${token.sourceLabel}` +
        (token.expiresAt ? `, expires ${token.expiresAt.toISOString()}` : '') +
        (token.identity ? `, for ${identityLabel(token.identity)}` : ''),
    );
    const files = emitToken(token, specs, io, opts.envName as string | undefined);
    if (io.json) io.out(`${JSON.stringify(resultJson(token, files), null, 2)}\n`);
  } catch (e) {
    // A token that could not be handed on is no use to anyone: take it back before exiting.
    const { failAfterMinting } = await import(/* webpackMode: "eager" */ '../../app/revoke-minted.ts');
    throw await failAfterMinting(e, token, settings, io.env, io.debug);
  }
}
