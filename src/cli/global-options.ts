import type { Command } from 'commander';
import type { FlagValues } from '../core/settings.ts';

export const ARGV_SECRET =
  'visible to other users in `ps` and kept in shell history; prefer the environment variable or stdin';

/** The settings every command accepts: one flag per setting (see src/core/settings-table.ts). */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--profile <name>', 'named profile in config.toml (TOKENRELAY_PROFILE)')
    .option('--api-url <url>', 'base URL of the API (TOKENRELAY_API_URL)')
    .option('--issuer <url>', 'OAuth/OpenID issuer, for discovery (TOKENRELAY_ISSUER)')
    .option('--token-endpoint <url>', 'token endpoint; skips discovery (TOKENRELAY_TOKEN_ENDPOINT)')
    .option(
      '--revocation-endpoint <url>',
      'revocation endpoint, RFC 7009; default from discovery (TOKENRELAY_REVOCATION_ENDPOINT)',
    )
    .option('--client-id <id>', 'OAuth client id (TOKENRELAY_CLIENT_ID)')
    .option('--scope <scopes>', 'space-separated scopes (TOKENRELAY_SCOPE)')
    .option('--tenant <tenant>', 'tenant the token is for (TOKENRELAY_TENANT)')
    .option('--workspace <workspace>', 'workspace the token is for (TOKENRELAY_WORKSPACE)')
    .option('--timeout-seconds <n>', 'deadline per HTTP request, default 30 (TOKENRELAY_TIMEOUT_SECONDS)')
    .option('--retries <n>', 'retries on 5xx/network errors, default 3 (TOKENRELAY_RETRIES)')
    .option(
      '--retry-budget-seconds <n>',
      "how long a request keeps retrying, honouring a 429's Retry-After; default 90 (TOKENRELAY_RETRY_BUDGET_SECONDS)",
    )
    .option(
      '--cache-dir <dir>',
      'cache minted tokens in DIR, or auto (XDG_RUNTIME_DIR, else ~/.cache), or off; default RUNNER_TEMP in GitHub Actions, none elsewhere (TOKENRELAY_CACHE_DIR)',
    )
    .option('--json', 'machine-readable output on stdout')
    .option('-v, --verbose', 'debug lines on stderr (secrets are never printed)');
}

/** `--token` / `--token-stdin`: every command that resolves a token (the resolver's first source). */
export function addTokenOptions(cmd: Command): Command {
  return cmd
    .option('--token <token>', `the token to use (TOKENRELAY_TOKEN); ${ARGV_SECRET}`)
    .option('--token-stdin', 'read the token to use from stdin (safe from `ps` and shell history)');
}

/** How the API's profile endpoint wants to be asked (exchange --validate, validate). */
export function addRequestOptions(cmd: Command): Command {
  return cmd
    .option('--profile-path <path>', "path of the API's profile endpoint, default /api/v1/profile")
    .option('--token-header <name>', 'header the API wants the token in, default Authorization: Bearer')
    .option('--tenant-header <name>', 'header carrying the tenant, default X-Tenant')
    .option('--workspace-header <name>', 'header carrying the workspace');
}

export function flagValues(opts: Record<string, unknown>): FlagValues {
  const s = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(opts[k]) ? (opts[k] as string[]) : s(k));
  return {
    profile: s('profile'),
    apiUrl: s('apiUrl'),
    issuer: s('issuer'),
    tokenEndpoint: s('tokenEndpoint'),
    revocationEndpoint: s('revocationEndpoint'),
    clientId: s('clientId'),
    clientSecret: s('clientSecret'),
    clientAuth: s('clientAuth'),
    scope: s('scope'),
    audience: s('audience'),
    resource: list('resource'),
    tenant: s('tenant'),
    workspace: s('workspace'),
    timeoutSeconds: s('timeoutSeconds'),
    retries: s('retries'),
    retryBudgetSeconds: s('retryBudgetSeconds'),
    profilePath: s('profilePath'),
    tokenHeader: s('tokenHeader'),
    tenantHeader: s('tenantHeader'),
    workspaceHeader: s('workspaceHeader'),
    federation: s('federation'),
    oidcAudience: s('oidcAudience'),
    subjectTokenType: s('subjectTokenType'),
    requestedTokenType: s('requestedTokenType'),
    idTokenEnv: s('idTokenEnv'),
    idTokenFile: s('idTokenFile'),
    tenantParam: s('tenantParam'),
    workspaceParam: s('workspaceParam'),
    cacheDir: s('cacheDir'),
    prompt: s('prompt'),
    grant: s('grant'),
    assertionIssuer: s('assertionIssuer'),
    assertionSubject: s('assertionSubject'),
    assertionAudience: s('assertionAudience'),
  };
}
