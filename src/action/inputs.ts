import type { ConfigChoice } from '../app/load-settings.ts';
import { usageError } from '../core/errors.ts';
import { parseParams } from '../core/extra-params.ts';
import { registerSecret } from '../core/secrets.ts';
import type { FlagValues } from '../core/settings.ts';
import type { Runner } from '../export/runner.ts';

export type ActionMethod = 'auto' | 'client-credentials' | 'token' | 'oidc';
const METHODS: readonly ActionMethod[] = ['auto', 'client-credentials', 'token', 'oidc'];

export interface ActionInputs {
  flags: FlagValues;
  method: ActionMethod;
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
}

/**
 * Inputs are settings at flag level for the same resolver the CLI uses. Secret inputs are
 * registered (and so masked) before any other input is even read.
 */
export function readInputs(runner: Runner): ActionInputs {
  const secret = (name: string) =>
    registerSecret(runner.getInput(name, { trimWhitespace: false }).trim() || undefined);
  const clientSecret = secret('client-secret');
  const privateKey = secret('private-key');
  const token = secret('token');

  const input = (name: string) => runner.getInput(name) || undefined;
  const method = (input('method') ?? 'auto') as ActionMethod;
  if (!METHODS.includes(method)) {
    throw usageError(`Unknown method '${method}'.`, `Use one of: ${METHODS.join(', ')}.`);
  }
  const flags: FlagValues = {
    issuer: input('issuer'),
    tokenEndpoint: input('token-endpoint'),
    revocationEndpoint: input('revocation-endpoint'),
    clientId: input('client-id'),
    clientSecret,
    privateKey,
    clientAuth: input('client-auth'),
    scope: input('scope'),
    audience: input('audience'),
    resource: runner
      .getMultilineInput('resource')
      .flatMap((l) => l.split(/[\s,]+/))
      .filter(Boolean),
    apiUrl: input('api-url'),
    profilePath: input('profile-path'),
    tokenHeader: input('token-header'),
    tenant: input('tenant'),
    workspace: input('workspace'),
    tenantHeader: input('tenant-header'),
    workspaceHeader: input('workspace-header'),
    timeoutSeconds: input('timeout-seconds'),
    retries: input('retries'),
    retryBudgetSeconds: input('retry-budget-seconds'),
    profile: input('profile'),
    federation: input('federation'),
    oidcAudience: input('oidc-audience'),
    subjectTokenType: input('subject-token-type'),
    requestedTokenType: input('requested-token-type'),
    tenantParam: input('tenant-param'),
    workspaceParam: input('workspace-param'),
    cacheDir: input('cache-dir'),
    keepFresh: input('keep-fresh'),
    grant: input('grant'),
    assertionIssuer: input('assertion-issuer'),
    assertionSubject: input('assertion-subject'),
    assertionAudience: input('assertion-audience'),
  };
  const configFile = input('config-file');
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
    installCli: boolInput(runner, 'install-cli', true),
    exportSettings: boolInput(runner, 'export-settings', false),
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
