import type { ConfigChoice } from '../app/load-settings.ts';
import { METHODS, type Method } from '../app/methods.ts';
import { usageError } from '../core/errors.ts';
import { parseParams } from '../core/extra-params.ts';
import { registerSecret } from '../core/secrets.ts';
import type { FlagValues } from '../core/settings.ts';
import { inputName, SETTING_ROWS } from '../core/settings-table.ts';
import type { Runner } from '../export/runner.ts';
import { type HelperRequest, parseCredentialHelpers } from './credential-helpers-input.ts';

export interface ActionInputs {
  flags: FlagValues;
  method: Method;
  token?: string;
  validate: 'always' | 'never' | 'given';
  envName?: string;
  revoke: boolean;
  extraParams: Record<string, string>;
  exportFile: boolean;
  /** Put the `tokenrelay` CLI on PATH for later steps (install-cli.ts). */
  installCli: boolean;
  /** Export the non-secret settings used as TOKENRELAY_* variables for later steps. */
  exportSettings: boolean;
  /** A config file only when a `profile` or `config-file` input asks for one. */
  config: ConfigChoice;
  /** Tools whose credential helper later steps get (`credential-helpers`); needs install-cli. */
  credentialHelpers: HelperRequest[];
}

/**
 * Inputs are settings at flag level for the same resolver the CLI uses. Secret inputs are
 * registered (and so masked) before any other input is even read.
 */
export function readInputs(runner: Runner): ActionInputs {
  const secret = (name: string) =>
    registerSecret(runner.getInput(name, { trimWhitespace: false }).trim() || undefined);
  const flags: FlagValues = {};
  for (const [key, spec] of SETTING_ROWS) {
    const name = inputName(spec);
    if (name && spec.secret) flags[key] = secret(name);
  }
  const token = secret('token');

  const input = (name: string) => runner.getInput(name) || undefined;
  const method = (input('method') ?? 'auto') as Method;
  if (!(METHODS as readonly string[]).includes(method)) {
    throw usageError(`Unknown method '${method}'.`, `Use one of: ${METHODS.join(', ')}.`);
  }
  for (const [key, spec] of SETTING_ROWS) {
    const name = inputName(spec);
    if (!name || spec.secret) continue;
    flags[key] =
      spec.value.kind === 'list'
        ? runner
            .getMultilineInput(name)
            .flatMap((l) => l.split(/[\s,]+/))
            .filter(Boolean)
        : input(name);
  }

  const configFile = input('config-file');
  const installCli = boolInput(runner, 'install-cli', true);
  const credentialHelpers = parseCredentialHelpers(runner.getMultilineInput('credential-helpers'));
  if (credentialHelpers.length && !installCli) {
    throw usageError(
      'Input credential-helpers needs the tokenrelay CLI in later steps, but install-cli is false.',
      'Set install-cli: true (the default), or drop credential-helpers.',
    );
  }
  return {
    flags,
    config: configFile ? { path: configFile } : flags.profile ? 'default' : 'none',
    method,
    token,
    validate: validateMode(input('validate')),
    envName: input('env-name'),
    revoke: boolInput(runner, 'revoke', true),
    extraParams: parseParams(runner.getMultilineInput('params'), 'Input params'),
    exportFile: boolInput(runner, 'credentials-file', false),
    installCli,
    exportSettings: boolInput(runner, 'export-settings', false),
    credentialHelpers,
  };
}

function validateMode(v: string | undefined): ActionInputs['validate'] {
  if (v === undefined || v === 'auto') return 'given';
  if (/^(true|True|TRUE)$/.test(v)) return 'always';
  if (/^(false|False|FALSE)$/.test(v)) return 'never';
  throw usageError(`Input 'validate' must be true, false or auto, got '${v}'.`);
}

function boolInput(runner: Runner, name: string, fallback: boolean): boolean {
  return runner.getInput(name) === '' ? fallback : runner.getBooleanInput(name);
}
