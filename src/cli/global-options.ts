import type { Command } from 'commander';
import type { FlagValues } from '../core/settings.ts';
import { type FlagScope, flagName, offeredOn, SETTING_ROWS } from '../core/settings-table.ts';

export const ARGV_SECRET =
  'visible to other users in `ps` and kept in shell history; prefer the environment variable or stdin';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The flags of the settings the table offers on `scope`'s commands, in table order. */
export function addSettingOptions(cmd: Command, scope: FlagScope): Command {
  for (const [, spec] of SETTING_ROWS) {
    if (!offeredOn(spec, scope)) continue;
    const fallback = spec.value.default === undefined ? '' : `, default ${spec.value.default}`;
    const env = spec.env ? ` (${spec.env})` : '';
    const help = `${spec.description}${fallback}${env}${spec.secret ? `; ${ARGV_SECRET}` : ''}`;
    if (spec.repeatable) cmd.option(`--${spec.flag}`, help, collect);
    else cmd.option(`--${spec.flag}`, help);
  }
  return cmd;
}

/** The settings every command accepts, and the output switches. */
export function addGlobalOptions(program: Command): Command {
  return addSettingOptions(program, 'all')
    .option('--json', 'machine-readable output on stdout')
    .option('-v, --verbose', 'debug lines on stderr (secrets are never printed)')
    .option(
      '-q, --quiet',
      'say nothing on success, even at a terminal (warnings and errors still go to stderr)',
    );
}

/** `--token` / `--token-stdin`: every command that resolves a token (the resolver's first source). */
export function addTokenOptions(cmd: Command): Command {
  return cmd
    .option('--token <token>', `the token to use (TOKENRELAY_TOKEN); ${ARGV_SECRET}`)
    .option('--token-stdin', 'read the token to use from stdin (safe from `ps` and shell history)');
}

/** How the API's profile endpoint wants to be asked (exchange --validate, validate). */
export function addRequestOptions(cmd: Command): Command {
  return addSettingOptions(cmd, 'request');
}

/** The parsed options, as flag-level settings (commander names an option by its flag in camelCase). */
export function flagValues(opts: Record<string, unknown>): FlagValues {
  const out: FlagValues = {};
  for (const [key, spec] of SETTING_ROWS) {
    const name = flagName(spec);
    if (!name) continue;
    const value = opts[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (typeof value === 'string' || Array.isArray(value)) out[key] = value as string | string[];
  }
  return out;
}
