/**
 * The one list of settings. Each row says everything about one setting: its CLI flag (and on
 * which commands), its environment variable, its config key, its Action input, whether it is
 * a secret, and how its text becomes a value. The Settings type, the CLI options, the Action's
 * inputs, the config file's known keys and the README table (checked by a test) come from here:
 * a new setting is one new row.
 * Secrets are never read from the config file.
 */

import { usageError } from './errors.ts';
import { federationMode, paramName, tokenTypeUri } from './federation-modes.ts';
import { bool, header, int, list, oneOf, type SettingValue, text, textOr, url } from './setting-values.ts';

export const GRANTS = ['client-credentials', 'jwt-bearer'] as const;
export type Grant = (typeof GRANTS)[number];

export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** Which commands offer a setting's flag: all, those that ask the API (exchange, validate), exchange, or auth login. */
export type FlagScope = 'all' | 'request' | 'exchange' | 'login';

export interface SettingSpec<T = unknown> {
  /** Commander syntax, e.g. `api-url <url>`, offered on the `on` commands. */
  flag?: string;
  /** One scope, or several: a login sends the client and target settings too. */
  on?: FlagScope | readonly FlagScope[];
  /** Given more than once (`--resource a --resource b`). */
  repeatable?: true;
  env?: string;
  config?: string;
  /** An Action input: `true` names it like the flag. */
  input?: true | string;
  secret?: true;
  value: SettingValue<T>;
  /** Its line in --help (its default and variable are added there) and in messages about it. */
  description: string;
}

/** `omit` sends no prompt at all; anything else is sent as is (space-separated OpenID values). */
function promptValue(v: string, where: string): string {
  if (v === 'omit') return '';
  if (!/^[a-z_]+( [a-z_]+)*$/.test(v)) {
    throw usageError(
      `${where} is not an OpenID prompt value: '${v.slice(0, 40)}'.`,
      'Use consent, login, select_account, none (or several, space-separated), or omit to send no prompt.',
    );
  }
  return v;
}

const profilePath = (v: string, where: string) => {
  if (!v.startsWith('/')) throw usageError(`${where} must start with '/', got '${v.slice(0, 40)}'.`);
};

export const SETTINGS = {
  profile: {
    flag: 'profile <name>',
    on: 'all',
    env: 'TOKENRELAY_PROFILE',
    input: true,
    value: text(),
    description: 'named profile in config.toml',
  },
  apiUrl: {
    flag: 'api-url <url>',
    on: 'all',
    env: 'TOKENRELAY_API_URL',
    config: 'api_url',
    input: true,
    value: url,
    description: 'base URL of the API',
  },
  issuer: {
    flag: 'issuer <url>',
    on: 'all',
    env: 'TOKENRELAY_ISSUER',
    config: 'issuer',
    input: true,
    value: url,
    description: 'OAuth/OpenID issuer, for discovery',
  },
  tokenEndpoint: {
    flag: 'token-endpoint <url>',
    on: 'all',
    env: 'TOKENRELAY_TOKEN_ENDPOINT',
    config: 'token_endpoint',
    input: true,
    value: url,
    description: 'token endpoint; skips discovery',
  },
  revocationEndpoint: {
    flag: 'revocation-endpoint <url>',
    on: 'all',
    env: 'TOKENRELAY_REVOCATION_ENDPOINT',
    config: 'revocation_endpoint',
    input: true,
    value: url,
    description: 'revocation endpoint, RFC 7009; default from discovery',
  },
  clientId: {
    flag: 'client-id <id>',
    on: 'all',
    env: 'TOKENRELAY_CLIENT_ID',
    config: 'client_id',
    input: true,
    value: text(),
    description: 'OAuth client id',
  },
  clientSecret: {
    flag: 'client-secret <secret>',
    on: ['exchange', 'login'],
    env: 'TOKENRELAY_CLIENT_SECRET',
    input: true,
    secret: true,
    value: text(),
    description: 'OAuth client secret',
  },
  privateKey: {
    env: 'TOKENRELAY_PRIVATE_KEY',
    input: 'private-key',
    secret: true,
    value: text(),
    description: 'private key for private_key_jwt, PKCS#8 PEM or JWK',
  },
  clientAuth: {
    flag: 'client-auth <method>',
    on: ['exchange', 'login'],
    env: 'TOKENRELAY_CLIENT_AUTH',
    config: 'client_auth',
    input: true,
    value: oneOf(CLIENT_AUTH_METHODS),
    description: 'client_secret_basic | client_secret_post | private_key_jwt',
  },
  scope: {
    flag: 'scope <scopes>',
    on: 'all',
    env: 'TOKENRELAY_SCOPE',
    config: 'scope',
    input: true,
    value: text(),
    description: 'space-separated scopes',
  },
  audience: {
    flag: 'audience <audience>',
    on: ['exchange', 'login'],
    env: 'TOKENRELAY_AUDIENCE',
    config: 'audience',
    input: true,
    value: text(),
    description: 'audience parameter',
  },
  resource: {
    flag: 'resource <uri>',
    on: ['exchange', 'login'],
    repeatable: true,
    env: 'TOKENRELAY_RESOURCE',
    config: 'resource',
    input: true,
    value: list,
    description: 'resource indicator, RFC 8707 (repeatable)',
  },
  tenant: {
    flag: 'tenant <tenant>',
    on: 'all',
    env: 'TOKENRELAY_TENANT',
    config: 'tenant',
    input: true,
    value: text(),
    description: 'tenant the token is for',
  },
  workspace: {
    flag: 'workspace <workspace>',
    on: 'all',
    env: 'TOKENRELAY_WORKSPACE',
    config: 'workspace',
    input: true,
    value: text(),
    description: 'workspace the token is for',
  },
  timeoutSeconds: {
    flag: 'timeout-seconds <n>',
    on: 'all',
    env: 'TOKENRELAY_TIMEOUT_SECONDS',
    config: 'timeout_seconds',
    input: true,
    value: int(1, 600, 30),
    description: 'deadline per HTTP request',
  },
  retries: {
    flag: 'retries <n>',
    on: 'all',
    env: 'TOKENRELAY_RETRIES',
    config: 'retries',
    input: true,
    value: int(0, 10, 3),
    description: 'retries on 5xx/network errors (a 429 waits within retry-budget-seconds instead)',
  },
  retryBudgetSeconds: {
    flag: 'retry-budget-seconds <n>',
    on: 'all',
    env: 'TOKENRELAY_RETRY_BUDGET_SECONDS',
    config: 'retry_budget_seconds',
    input: true,
    value: int(0, 3600, 90),
    description:
      "how long one request keeps retrying, honouring a 429's Retry-After with jitter (0: never retry)",
  },
  profilePath: {
    flag: 'profile-path <path>',
    on: 'request',
    env: 'TOKENRELAY_PROFILE_PATH',
    config: 'profile_path',
    input: true,
    value: textOr('/api/v1/profile', profilePath),
    description: "path of the API's profile endpoint",
  },
  tokenHeader: {
    flag: 'token-header <name>',
    on: 'request',
    env: 'TOKENRELAY_TOKEN_HEADER',
    config: 'token_header',
    input: true,
    value: header('Authorization'),
    description: 'header the API wants the token in (as Bearer when Authorization)',
  },
  tenantHeader: {
    flag: 'tenant-header <name>',
    on: 'request',
    env: 'TOKENRELAY_TENANT_HEADER',
    config: 'tenant_header',
    input: true,
    value: header('X-Tenant'),
    description: 'header carrying the tenant',
  },
  workspaceHeader: {
    flag: 'workspace-header <name>',
    on: 'request',
    env: 'TOKENRELAY_WORKSPACE_HEADER',
    config: 'workspace_header',
    input: true,
    value: header(),
    description: 'header carrying the workspace',
  },
  tokenEnv: {
    config: 'token_env',
    value: text(),
    description: "extra env var the API's own tools read the token from",
  },
  tenantParam: {
    flag: 'tenant-param <name>',
    on: 'exchange',
    env: 'TOKENRELAY_TENANT_PARAM',
    config: 'tenant_param',
    input: true,
    value: text(paramName),
    description: 'token-request parameter that carries --tenant, if any',
  },
  workspaceParam: {
    flag: 'workspace-param <name>',
    on: 'exchange',
    env: 'TOKENRELAY_WORKSPACE_PARAM',
    config: 'workspace_param',
    input: true,
    value: text(paramName),
    description: 'token-request parameter that carries --workspace, if any',
  },
  federation: {
    flag: 'federation <mode>',
    on: 'exchange',
    env: 'TOKENRELAY_FEDERATION',
    config: 'federation',
    input: true,
    value: text(federationMode),
    description:
      "keyless CI: exchange the job's OIDC token by token-exchange | jwt-bearer | client-assertion",
  },
  idTokenEnv: {
    flag: 'id-token-env <name>',
    on: 'exchange',
    env: 'TOKENRELAY_ID_TOKEN_ENV',
    config: 'id_token_env',
    value: textOr('TOKENRELAY_ID_TOKEN'),
    description: 'variable holding the CI token, e.g. from GitLab id_tokens',
  },
  idTokenFile: {
    flag: 'id-token-file <path>',
    on: 'exchange',
    env: 'TOKENRELAY_ID_TOKEN_FILE',
    config: 'id_token_file',
    value: text(),
    description: 'file holding the CI token, e.g. a Kubernetes projected token',
  },
  oidcAudience: {
    flag: 'oidc-audience <aud>',
    on: 'exchange',
    env: 'TOKENRELAY_OIDC_AUDIENCE',
    config: 'oidc_audience',
    input: true,
    value: text(),
    description: 'audience to request for the GitHub Actions OIDC token (default: the issuer)',
  },
  subjectTokenType: {
    flag: 'subject-token-type <type>',
    on: 'exchange',
    env: 'TOKENRELAY_SUBJECT_TOKEN_TYPE',
    config: 'subject_token_type',
    input: true,
    value: text(tokenTypeUri),
    description: 'token exchange: id_token (default) | jwt | a URI',
  },
  requestedTokenType: {
    flag: 'requested-token-type <type>',
    on: 'exchange',
    env: 'TOKENRELAY_REQUESTED_TOKEN_TYPE',
    config: 'requested_token_type',
    input: true,
    value: text(tokenTypeUri),
    description: 'token exchange: access_token | jwt | a URI (default: the server decides)',
  },
  grant: {
    flag: 'grant <grant>',
    on: 'exchange',
    env: 'TOKENRELAY_GRANT',
    config: 'grant',
    input: true,
    value: oneOf(GRANTS),
    description:
      'client-credentials (default) | jwt-bearer: trade an RFC 7523 assertion signed with the private key',
  },
  assertionIssuer: {
    flag: 'assertion-issuer <iss>',
    on: 'exchange',
    env: 'TOKENRELAY_ASSERTION_ISSUER',
    config: 'assertion_issuer',
    input: true,
    value: text(),
    description: 'jwt-bearer: iss of the assertion (default: the client id)',
  },
  assertionSubject: {
    flag: 'assertion-subject <sub>',
    on: 'exchange',
    env: 'TOKENRELAY_ASSERTION_SUBJECT',
    config: 'assertion_subject',
    input: true,
    value: text(),
    description: 'jwt-bearer: sub of the assertion, e.g. a user to act for (default: its iss)',
  },
  assertionAudience: {
    flag: 'assertion-audience <aud>',
    on: 'exchange',
    env: 'TOKENRELAY_ASSERTION_AUDIENCE',
    config: 'assertion_audience',
    input: true,
    value: text(),
    description: 'jwt-bearer: aud of the assertion (default: the token endpoint)',
  },
  cacheDir: {
    flag: 'cache-dir <dir>',
    on: 'all',
    env: 'TOKENRELAY_CACHE_DIR',
    config: 'cache_dir',
    input: true,
    value: text(),
    description:
      'cache minted tokens in DIR, or auto (XDG_RUNTIME_DIR, else ~/.cache), or off; default RUNNER_TEMP in GitHub Actions, none elsewhere',
  },
  keepFresh: {
    env: 'TOKENRELAY_KEEP_FRESH',
    input: 'keep-fresh',
    value: bool(false),
    description:
      'Action: keep the client credentials in a 0600 file under RUNNER_TEMP so later steps can mint again',
  },
  prompt: {
    flag: 'prompt <value>',
    on: 'login',
    env: 'TOKENRELAY_PROMPT',
    config: 'prompt',
    // `omit` sends no prompt at all (''); undefined lets the login choose.
    value: text(promptValue),
    description:
      'OpenID prompt for the browser: consent (default with offline_access) | login | select_account | omit',
  },
  refreshWindowSeconds: {
    env: 'TOKENRELAY_REFRESH_WINDOW_SECONDS',
    value: int(0, 86_400, 300),
    description: 'seconds before expiry at which a stored session is refreshed',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

/** The rows in table order, with their keys. */
export const SETTING_ROWS = Object.entries(SETTINGS) as [SettingKey, SettingSpec][];

/** A flag's name without its argument: `api-url`. */
export const flagName = (spec: SettingSpec): string | undefined => spec.flag?.split(' ')[0];

/** Whether `scope`'s commands offer the setting's flag. */
export const offeredOn = (spec: SettingSpec, scope: FlagScope): boolean =>
  spec.flag !== undefined &&
  (typeof spec.on === 'string' ? spec.on === scope : (spec.on ?? []).includes(scope));

/** The Action input's name, if the setting has one. */
export const inputName = (spec: SettingSpec): string | undefined =>
  spec.input === true ? flagName(spec) : spec.input;

type Values = { -readonly [K in SettingKey]: ReturnType<(typeof SETTINGS)[K]['value']['read']> };
type OptionalKey = { [K in SettingKey]: undefined extends Values[K] ? K : never }[SettingKey];

/** Every setting's value, typed from its row: optional where a row has no default. */
export type SettingValues = { [K in Exclude<SettingKey, OptionalKey>]: Values[K] } & {
  [K in OptionalKey]?: Values[K];
};
