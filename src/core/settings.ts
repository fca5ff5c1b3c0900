import type { ConfigFile, ValidationRoute } from './config-file.ts';
import { normaliseEnvironment } from './environment.ts';
import { usageError } from './errors.ts';
import { type FederationMode, federationMode, paramName, tokenTypeUri } from './federation-modes.ts';
import { registerSecret } from './secrets.ts';
import { DEFAULTS, SETTINGS, type SettingKey, type SettingSpec } from './settings-table.ts';

export type Origin = 'flag' | 'env' | 'config' | 'default';
/** Which face set the flag-level values: CLI flags, or Action inputs (named as inputs in messages). */
export type Face = 'cli' | 'action';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
];

export interface Settings {
  profile?: string;
  apiUrl?: string;
  issuer?: string;
  tokenEndpoint?: string;
  /** RFC 7009; when unset, whatever discovery finds. */
  revocationEndpoint?: string;
  clientId?: string;
  clientSecret?: string;
  privateKey?: string;
  clientAuth?: ClientAuthMethod;
  scope?: string;
  audience?: string;
  resource: string[];
  tenant?: string;
  workspace?: string;
  timeoutSeconds: number;
  retries: number;
  retryBudgetSeconds: number;
  profilePath: string;
  tokenHeader: string;
  tenantHeader: string;
  workspaceHeader?: string;
  tokenEnv?: string;
  /** Keyless CI (source 6): how the CI token is exchanged; unset means not configured. */
  federation?: FederationMode;
  oidcAudience?: string;
  /** Full token type URIs (short names are expanded when read). */
  subjectTokenType?: string;
  requestedTokenType?: string;
  idTokenEnv: string;
  idTokenFile?: string;
  tenantParam?: string;
  workspaceParam?: string;
  /** Where minted tokens are cached; `off` for no cache, unset for the default place. */
  cacheDir?: string;
  /** Action: later steps may mint again with the client credentials (kept under RUNNER_TEMP). */
  keepFresh: boolean;
  /** Browser login's OpenID `prompt`: undefined is automatic, '' sends none (`omit`). */
  prompt?: string;
  /** How the client-credentials source mints: its own grant, or an RFC 7523 assertion it signs. */
  grant?: Grant;
  assertionIssuer?: string;
  assertionSubject?: string;
  assertionAudience?: string;
  routes: ValidationRoute[];
  /** Where each setting came from, for `auth status` and --verbose. */
  origins: Partial<Record<SettingKey, Origin>>;
  face?: Face;
  configPath?: string;
}

/** Flag-level values: CLI options, or Action inputs (which are settings at flag level). */
export type FlagValues = Partial<Record<SettingKey, string | string[] | undefined>>;

export interface SettingsInput {
  flags: FlagValues;
  env: Record<string, string | undefined>;
  config?: ConfigFile;
  face?: Face;
}

/** flag > environment > config file (the chosen profile) > defaults. */
export function resolveSettings({ flags, env, config, face }: SettingsInput): Settings {
  const profileName = pick(flags.profile) ?? nonEmpty(env.TOKENRELAY_PROFILE) ?? config?.defaultProfile;
  const profile = profileName !== undefined ? config?.profiles.get(profileName) : undefined;
  if (profileName !== undefined && !profile && (pick(flags.profile) || env.TOKENRELAY_PROFILE || config)) {
    const known = config ? [...config.profiles.keys()] : [];
    throw usageError(
      `Unknown profile '${profileName}'${config ? ` (not in ${config.path})` : ' (no config file found)'}.`,
      known.length ? `Known profiles: ${known.join(', ')}.` : 'Add a [profiles.NAME] section to config.toml.',
    );
  }

  const raw: Partial<Record<SettingKey, string | string[]>> = {};
  const origins: Settings['origins'] = {};
  for (const spec of SETTINGS) {
    if (spec.key === 'profile') continue;
    const fromFlag = flags[spec.key];
    const fromEnv = spec.env ? nonEmpty(env[spec.env]) : undefined;
    const fromConfig = spec.config && !spec.secret ? profile?.values[spec.config] : undefined;
    let value: string | string[] | undefined;
    if (hasValue(fromFlag)) [value, origins[spec.key]] = [fromFlag, 'flag'];
    else if (fromEnv !== undefined) [value, origins[spec.key]] = [fromEnv, 'env'];
    else if (fromConfig !== undefined) [value, origins[spec.key]] = [configValue(fromConfig), 'config'];
    if (value === undefined) continue;
    raw[spec.key] = spec.secret ? registerSecret(single(value)) : value;
  }

  const str = (k: SettingKey) => validate(SETTINGS.find((s) => s.key === k)!, raw[k], origins[k], face);
  const where = (k: SettingKey) => whereFrom(SETTINGS.find((s) => s.key === k)!, origins[k], face);
  const settings: Settings = {
    profile: profile?.name,
    apiUrl: str('apiUrl'),
    issuer: str('issuer'),
    tokenEndpoint: str('tokenEndpoint'),
    revocationEndpoint: str('revocationEndpoint'),
    clientId: str('clientId'),
    clientSecret: str('clientSecret'),
    privateKey: str('privateKey'),
    clientAuth: clientAuth(str('clientAuth')),
    scope: str('scope'),
    audience: str('audience'),
    resource: list(raw.resource),
    tenant: str('tenant'),
    workspace: str('workspace'),
    timeoutSeconds: int(str('timeoutSeconds'), 'timeout-seconds', 1, 600) ?? DEFAULTS.timeoutSeconds,
    retries: int(str('retries'), 'retries', 0, 10) ?? DEFAULTS.retries,
    retryBudgetSeconds:
      int(str('retryBudgetSeconds'), 'retry-budget-seconds', 0, 3600) ?? DEFAULTS.retryBudgetSeconds,
    profilePath: str('profilePath') ?? DEFAULTS.profilePath,
    tokenHeader: str('tokenHeader') ?? DEFAULTS.tokenHeader,
    tenantHeader: str('tenantHeader') ?? DEFAULTS.tenantHeader,
    workspaceHeader: str('workspaceHeader'),
    tokenEnv: str('tokenEnv'),
    federation: federationMode(str('federation'), where('federation')),
    oidcAudience: str('oidcAudience'),
    subjectTokenType: tokenTypeUri(str('subjectTokenType'), where('subjectTokenType')),
    requestedTokenType: tokenTypeUri(str('requestedTokenType'), where('requestedTokenType')),
    idTokenEnv: str('idTokenEnv') ?? DEFAULTS.idTokenEnv,
    idTokenFile: str('idTokenFile'),
    tenantParam: paramName(str('tenantParam'), where('tenantParam')),
    workspaceParam: paramName(str('workspaceParam'), where('workspaceParam')),
    cacheDir: str('cacheDir'),
    keepFresh: bool(str('keepFresh'), where('keepFresh')),
    prompt: promptValue(str('prompt'), where('prompt')),
    grant: grantValue(str('grant'), where('grant')),
    assertionIssuer: str('assertionIssuer'),
    assertionSubject: str('assertionSubject'),
    assertionAudience: str('assertionAudience'),
    routes: profile?.routes ?? [],
    origins,
    ...(face ? { face } : {}),
    configPath: config?.path,
  };
  if (settings.profilePath && !settings.profilePath.startsWith('/')) {
    throw usageError(`profile-path must start with '/', got '${settings.profilePath}'.`);
  }
  return settings;
}

function validate(
  spec: SettingSpec,
  value: string | string[] | undefined,
  origin?: Origin,
  face?: Face,
): string | undefined {
  if (value === undefined) return undefined;
  const v = single(value).trim();
  const where = whereFrom(spec, origin, face);
  if (spec.kind === 'url') {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw usageError(
        `${where} is not a valid URL.`,
        `Give an absolute https:// URL for ${spec.description}.`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw usageError(`${where} must be an http(s) URL, got ${url.protocol}//….`);
    }
    if (url.username || url.password) {
      throw usageError(
        `${where} must not carry credentials in the URL.`,
        'Pass credentials through their own settings.',
      );
    }
    // Exactly as given: servers differ on a trailing slash (Django's /o/token/) and some
    // carry a query (an API version), so nothing is stripped or rewritten.
    return v;
  }
  if (spec.kind === 'header' && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(v)) {
    throw usageError(`${where} is not a valid HTTP header name: '${v}'.`);
  }
  return spec.secret ? value.toString() : v;
}

/** The name a user set the value under, for messages: the env var, config key, flag or input. */
function whereFrom(spec: SettingSpec, origin: Origin | undefined, face?: Face): string {
  const named = origin === 'env' ? spec.env : origin === 'config' ? spec.config : undefined;
  if (named) return named;
  const flag = spec.flag ?? spec.key;
  return face === 'action' ? `input ${flag}` : `--${flag}`;
}

/**
 * How messages should name a setting: the way this user gave it (`--client-id`,
 * `TOKENRELAY_CLIENT_ID`, input `client-id`, config key `client_id`), or, when it is not set,
 * every way it could be.
 */
export function settingName(settings: Pick<Settings, 'origins' | 'face'>, key: SettingKey): string {
  const spec = SETTINGS.find((s) => s.key === key)!;
  const origin = settings.origins[key];
  if (origin === 'env' || origin === 'config' || origin === 'flag') {
    const name = whereFrom(spec, origin, settings.face);
    return origin === 'config' ? `${name} (config file)` : name;
  }
  const flag = spec.flag ?? spec.key;
  const ways =
    settings.face === 'action'
      ? [`input ${flag}`, spec.env]
      : [spec.flag ? `--${spec.flag}` : undefined, spec.env, spec.config];
  return ways.filter(Boolean).join(' / ');
}

/** `omit` sends no prompt at all; anything else is sent as is (space-separated OpenID values). */
function promptValue(v: string | undefined, where: string): string | undefined {
  if (v === undefined) return undefined;
  if (v === 'omit') return '';
  if (!/^[a-z_]+( [a-z_]+)*$/.test(v)) {
    throw usageError(
      `${where} is not an OpenID prompt value: '${v.slice(0, 40)}'.`,
      'Use consent, login, select_account, none (or several, space-separated), or omit to send no prompt.',
    );
  }
  return v;
}

export type Grant = 'client-credentials' | 'jwt-bearer';
const GRANTS: readonly Grant[] = ['client-credentials', 'jwt-bearer'];

function grantValue(v: string | undefined, where: string): Grant | undefined {
  if (v === undefined) return undefined;
  if ((GRANTS as readonly string[]).includes(v)) return v as Grant;
  throw usageError(`Unknown ${where} '${v.slice(0, 40)}'.`, `Use one of: ${GRANTS.join(', ')}.`);
}

function clientAuth(v: string | undefined): ClientAuthMethod | undefined {
  if (v === undefined) return undefined;
  if ((CLIENT_AUTH_METHODS as readonly string[]).includes(v)) return v as ClientAuthMethod;
  throw usageError(`Unknown client-auth '${v}'.`, `Use one of: ${CLIENT_AUTH_METHODS.join(', ')}.`);
}

function int(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw usageError(`${name} must be a whole number from ${min} to ${max}, got '${v}'.`);
  }
  return Number(v);
}

function bool(v: string | undefined, where: string): boolean {
  if (v === undefined) return false;
  if (/^(true|True|TRUE)$/.test(v)) return true;
  if (/^(false|False|FALSE)$/.test(v)) return false;
  throw usageError(`${where} must be true or false, got '${v}'.`);
}

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  const items = Array.isArray(v) ? v : v.split(/[\s,]+/);
  return items.map((s) => s.trim()).filter(Boolean);
}

const single = (v: string | string[]) => (Array.isArray(v) ? v.join(' ') : v);
const pick = (v: string | string[] | undefined) => (hasValue(v) ? single(v) : undefined);
const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
const configValue = (v: string | number | string[]) => (typeof v === 'number' ? String(v) : v);
function hasValue(v: string | string[] | undefined): v is string | string[] {
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v.trim() !== '';
}

/** The environment key results and stored credentials are filed under (api_url, else issuer). */
export function environmentKey(s: Pick<Settings, 'apiUrl' | 'issuer' | 'tokenEndpoint'>): string | undefined {
  const base = s.apiUrl ?? s.issuer ?? s.tokenEndpoint;
  return base === undefined ? undefined : normaliseEnvironment(base);
}
