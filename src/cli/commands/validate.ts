import type { Command } from 'commander';
import { obtainToken } from '../../app/obtain.ts';
import { redactToken } from '../../core/redact.ts';
import { identityLabel } from '../../core/token.ts';
import { tokenJson } from '../../export/json.ts';
import { cliIO, commandContext } from '../context.ts';
import { emitToken, parseEmitOptions } from '../emit.ts';
import { addRequestOptions, addTokenOptions } from '../global-options.ts';
import { secretFromStdin } from '../secret-input.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `tokenrelay validate`: prove an API key / PAT works; with none given, what the resolver finds. */
export function registerValidateCommand(program: Command): void {
  const cmd = program
    .command('validate')
    .description("Validate an API key or PAT against the API's profile endpoint and show who it belongs to")
    .option(
      '--export <form>',
      'also hand the token on: print | shell | json | gitlab-dotenv=PATH | file=PATH',
      collect,
    )
    .option('--env-name <name>', 'variable name for shell and dotenv exports (default TOKENRELAY_TOKEN)');
  addRequestOptions(addTokenOptions(cmd)).action(async (_opts, command: Command) => {
    const opts = command.optsWithGlobals<Record<string, unknown>>();
    const exports = (opts.export as string[]) ?? [];
    const specs = exports.length
      ? parseEmitOptions({ exports, envName: opts.envName as string | undefined })
      : [];
    const io = cliIO(command);
    const token = opts.tokenStdin
      ? await secretFromStdin(io, 'the token')
      : (opts.token as string | undefined);
    const { settings } = commandContext(command, {}, io);
    const resolved = await obtainToken({
      settings,
      env: io.env,
      token,
      method: 'auto',
      validate: 'always',
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
  });
}
