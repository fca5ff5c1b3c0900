/**
 * Every setting has one flag, one environment variable and one config key. This table is
 * the single place that says which; the README's settings table is written from it.
 * Secrets (`secret: true`) are never read from the config file.
 */

export type SettingKind = 'string' | 'url' | 'int' | 'list' | 'header';

export interface SettingSpec {
  key: SettingKey;
  flag?: string;
  env?: string;
  config?: string;
  kind: SettingKind;
  secret?: boolean;
  description: string;
}

export type SettingKey =
  | 'profile'
  | 'apiUrl'
  | 'issuer'
  | 'tokenEndpoint'
  | 'revocationEndpoint'
  | 'clientId'
  | 'clientSecret'
  | 'privateKey'
  | 'clientAuth'
  | 'scope'
  | 'audience'
  | 'resource'
  | 'tenant'
  | 'workspace'
  | 'timeoutSeconds'
  | 'retries'
  | 'retryBudgetSeconds'
  | 'profilePath'
  | 'tokenHeader'
  | 'tenantHeader'
  | 'workspaceHeader'
  | 'tokenEnv'
  | 'federation'
  | 'oidcAudience'
  | 'subjectTokenType'
  | 'requestedTokenType'
  | 'idTokenEnv'
  | 'idTokenFile'
  | 'tenantParam'
  | 'workspaceParam'
  | 'cacheDir'
  | 'keepFresh'
  | 'prompt'
  | 'grant'
  | 'assertionIssuer'
  | 'assertionSubject'
  | 'assertionAudience';

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'profile',
    flag: 'profile',
    env: 'TOKENRELAY_PROFILE',
    kind: 'string',
    description: 'Named profile in the config file',
  },
  {
    key: 'apiUrl',
    flag: 'api-url',
    env: 'TOKENRELAY_API_URL',
    config: 'api_url',
    kind: 'url',
    description: 'Base URL of the API',
  },
  {
    key: 'issuer',
    flag: 'issuer',
    env: 'TOKENRELAY_ISSUER',
    config: 'issuer',
    kind: 'url',
    description: 'OAuth/OpenID issuer (discovery)',
  },
  {
    key: 'tokenEndpoint',
    flag: 'token-endpoint',
    env: 'TOKENRELAY_TOKEN_ENDPOINT',
    config: 'token_endpoint',
    kind: 'url',
    description: 'Token endpoint (skips discovery)',
  },
  {
    key: 'revocationEndpoint',
    flag: 'revocation-endpoint',
    env: 'TOKENRELAY_REVOCATION_ENDPOINT',
    config: 'revocation_endpoint',
    kind: 'url',
    description: 'Revocation endpoint, RFC 7009 (default: from discovery)',
  },
  {
    key: 'clientId',
    flag: 'client-id',
    env: 'TOKENRELAY_CLIENT_ID',
    config: 'client_id',
    kind: 'string',
    description: 'OAuth client id',
  },
  {
    key: 'clientSecret',
    env: 'TOKENRELAY_CLIENT_SECRET',
    kind: 'string',
    secret: true,
    description: 'OAuth client secret',
  },
  {
    key: 'privateKey',
    env: 'TOKENRELAY_PRIVATE_KEY',
    kind: 'string',
    secret: true,
    description: 'Private key for private_key_jwt (PKCS#8 PEM or JWK)',
  },
  {
    key: 'clientAuth',
    flag: 'client-auth',
    env: 'TOKENRELAY_CLIENT_AUTH',
    config: 'client_auth',
    kind: 'string',
    description: 'client_secret_basic | client_secret_post | private_key_jwt',
  },
  {
    key: 'scope',
    flag: 'scope',
    env: 'TOKENRELAY_SCOPE',
    config: 'scope',
    kind: 'string',
    description: 'Space-separated scopes to request',
  },
  {
    key: 'audience',
    flag: 'audience',
    env: 'TOKENRELAY_AUDIENCE',
    config: 'audience',
    kind: 'string',
    description: 'Audience parameter for the token request',
  },
  {
    key: 'resource',
    flag: 'resource',
    env: 'TOKENRELAY_RESOURCE',
    config: 'resource',
    kind: 'list',
    description: 'Resource indicator(s), RFC 8707',
  },
  {
    key: 'tenant',
    flag: 'tenant',
    env: 'TOKENRELAY_TENANT',
    config: 'tenant',
    kind: 'string',
    description: 'Tenant the token is for',
  },
  {
    key: 'workspace',
    flag: 'workspace',
    env: 'TOKENRELAY_WORKSPACE',
    config: 'workspace',
    kind: 'string',
    description: 'Workspace the token is for',
  },
  {
    key: 'timeoutSeconds',
    flag: 'timeout-seconds',
    env: 'TOKENRELAY_TIMEOUT_SECONDS',
    config: 'timeout_seconds',
    kind: 'int',
    description: 'Deadline per HTTP request, seconds (default 30)',
  },
  {
    key: 'retries',
    flag: 'retries',
    env: 'TOKENRELAY_RETRIES',
    config: 'retries',
    kind: 'int',
    description: 'Retries on 5xx/network errors (default 3); never on a rejected credential',
  },
  {
    key: 'retryBudgetSeconds',
    flag: 'retry-budget-seconds',
    env: 'TOKENRELAY_RETRY_BUDGET_SECONDS',
    config: 'retry_budget_seconds',
    kind: 'int',
    description:
      "How long one request keeps retrying, honouring a 429's Retry-After with jitter (default 90; 0: never retry)",
  },
  {
    key: 'profilePath',
    flag: 'profile-path',
    env: 'TOKENRELAY_PROFILE_PATH',
    config: 'profile_path',
    kind: 'string',
    description: "Path of the API's profile endpoint (default /api/v1/profile)",
  },
  {
    key: 'tokenHeader',
    flag: 'token-header',
    env: 'TOKENRELAY_TOKEN_HEADER',
    config: 'token_header',
    kind: 'header',
    description: 'Header the API wants the token in (default Authorization: Bearer)',
  },
  {
    key: 'tenantHeader',
    flag: 'tenant-header',
    env: 'TOKENRELAY_TENANT_HEADER',
    config: 'tenant_header',
    kind: 'header',
    description: 'Header carrying the tenant (default X-Tenant)',
  },
  {
    key: 'workspaceHeader',
    flag: 'workspace-header',
    env: 'TOKENRELAY_WORKSPACE_HEADER',
    config: 'workspace_header',
    kind: 'header',
    description: 'Header carrying the workspace',
  },
  {
    key: 'tokenEnv',
    env: undefined,
    config: 'token_env',
    kind: 'string',
    description: "Extra env var the API's own tools read the token from",
  },
  {
    key: 'federation',
    flag: 'federation',
    env: 'TOKENRELAY_FEDERATION',
    config: 'federation',
    kind: 'string',
    description: 'Keyless CI: token-exchange | jwt-bearer | client-assertion',
  },
  {
    key: 'oidcAudience',
    flag: 'oidc-audience',
    env: 'TOKENRELAY_OIDC_AUDIENCE',
    config: 'oidc_audience',
    kind: 'string',
    description: "Audience of the GitHub CI token (default: the issuer); GitLab's comes from id_tokens",
  },
  {
    key: 'subjectTokenType',
    flag: 'subject-token-type',
    env: 'TOKENRELAY_SUBJECT_TOKEN_TYPE',
    config: 'subject_token_type',
    kind: 'string',
    description: 'Token exchange: type of the CI token, id_token (default) | jwt | a URI',
  },
  {
    key: 'requestedTokenType',
    flag: 'requested-token-type',
    env: 'TOKENRELAY_REQUESTED_TOKEN_TYPE',
    config: 'requested_token_type',
    kind: 'string',
    description: 'Token exchange: type to ask for, access_token | jwt | a URI (default: server decides)',
  },
  {
    key: 'idTokenEnv',
    flag: 'id-token-env',
    env: 'TOKENRELAY_ID_TOKEN_ENV',
    config: 'id_token_env',
    kind: 'string',
    description: 'Variable holding the CI token (GitLab id_tokens; default TOKENRELAY_ID_TOKEN)',
  },
  {
    key: 'idTokenFile',
    flag: 'id-token-file',
    env: 'TOKENRELAY_ID_TOKEN_FILE',
    config: 'id_token_file',
    kind: 'string',
    description: 'File holding the CI token (e.g. a Kubernetes projected token)',
  },
  {
    key: 'tenantParam',
    flag: 'tenant-param',
    env: 'TOKENRELAY_TENANT_PARAM',
    config: 'tenant_param',
    kind: 'string',
    description: 'Token-request parameter that carries the tenant (default: not sent)',
  },
  {
    key: 'workspaceParam',
    flag: 'workspace-param',
    env: 'TOKENRELAY_WORKSPACE_PARAM',
    config: 'workspace_param',
    kind: 'string',
    description: 'Token-request parameter that carries the workspace (default: not sent)',
  },
  {
    key: 'cacheDir',
    flag: 'cache-dir',
    env: 'TOKENRELAY_CACHE_DIR',
    config: 'cache_dir',
    kind: 'string',
    description:
      'Cache of minted tokens: a directory, `auto` (XDG_RUNTIME_DIR, else ~/.cache) or `off`; default RUNNER_TEMP in GitHub Actions, none elsewhere',
  },
  {
    key: 'keepFresh',
    env: 'TOKENRELAY_KEEP_FRESH',
    kind: 'string',
    description:
      'Action: keep the client credentials in a 0600 file under RUNNER_TEMP so later steps can mint again (`true` | `false`)',
  },
  {
    key: 'prompt',
    flag: 'prompt',
    env: 'TOKENRELAY_PROMPT',
    config: 'prompt',
    kind: 'string',
    description:
      'Browser login: OpenID prompt to send (default: consent when offline_access is asked; omit: none)',
  },
  {
    key: 'grant',
    flag: 'grant',
    env: 'TOKENRELAY_GRANT',
    config: 'grant',
    kind: 'string',
    description:
      'client-credentials (default) | jwt-bearer (RFC 7523, an assertion signed with the private key)',
  },
  {
    key: 'assertionIssuer',
    flag: 'assertion-issuer',
    env: 'TOKENRELAY_ASSERTION_ISSUER',
    config: 'assertion_issuer',
    kind: 'string',
    description: 'jwt-bearer: iss of the signed assertion (default: the client id)',
  },
  {
    key: 'assertionSubject',
    flag: 'assertion-subject',
    env: 'TOKENRELAY_ASSERTION_SUBJECT',
    config: 'assertion_subject',
    kind: 'string',
    description: 'jwt-bearer: sub of the signed assertion, e.g. the user to act as (default: the issuer)',
  },
  {
    key: 'assertionAudience',
    flag: 'assertion-audience',
    env: 'TOKENRELAY_ASSERTION_AUDIENCE',
    config: 'assertion_audience',
    kind: 'string',
    description: 'jwt-bearer: aud of the signed assertion (default: the token endpoint)',
  },
];

export const DEFAULTS = {
  timeoutSeconds: 30,
  retries: 3,
  retryBudgetSeconds: 90,
  profilePath: '/api/v1/profile',
  tokenHeader: 'Authorization',
  tenantHeader: 'X-Tenant',
  idTokenEnv: 'TOKENRELAY_ID_TOKEN',
} as const;
