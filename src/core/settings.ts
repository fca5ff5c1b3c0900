import type { ConfigFile, ValidationRoute } from './config-file.ts';
import { normaliseEnvironment } from './environment.ts';
import { usageError } from './errors.ts';
import { otherIdentity, SERVER_KEYS, type ServerKey } from './identity.ts';
import { registerSecret } from './secrets.ts';
import {
  flagName,
  inputName,
  SETTING_ROWS,
  SETTINGS,
  type SettingKey,
  type SettingSpec,
  type SettingValues,
} from './settings-table.ts';

export { CLIENT_AUTH_METHODS, type ClientAuthMethod } from './settings-table.ts';

/** `job`: the job file the Action left for its later steps (a whole identity, see identity.ts). */
export type Origin = 'flag' | 'env' | 'config' | 'job' | 'default';
/** Which face set the flag-level values: CLI flags, or Action inputs (named as inputs in messages). */
export type Face = 'cli' | 'action';

/** Every setting (typed from the table), and what came with them. */
export type Settings = SettingValues & {
  routes: ValidationRoute[];
  /** Where each setting came from, for `auth status` and --verbose. */
  origins: Partial<Record<SettingKey, Origin>>;
  face?: Face;
  configPath?: string;
  /** Which layers named the server and the client, and what was set aside (for -v). */
  identity?: IdentityNotes;
};

export interface IdentityNotes {
  /** Lines for -v: where the server came from, what was set aside and why. */
  notes: string[];
  /** Whether the job file was read: it is used whole, or not at all. */
  job?: 'used' | 'not used';
  /**
   * Said as a warning: the layer naming the server gives neither issuer nor token endpoint, and
   * one a lower layer gave was set aside (say, a revocation endpoint variable over a profile's issuer).
   */
  warning?: string;
}

/** Flag-level values: CLI options, or Action inputs (which are settings at flag level). */
export type FlagValues = Partial<Record<SettingKey, string | string[] | undefined>>;

export interface SettingsInput {
  flags: FlagValues;
  env: Record<string, string | undefined>;
  config?: ConfigFile;
  face?: Face;
  /**
   * What the Action left for the later steps of its job (TOKENRELAY_* name -> value): a whole
   * identity, read only when the user's own layers name no other server or client id.
   */
  job?: Record<string, string>;
}

type Layer = 'flag' | 'env' | 'config';
const USER_LAYERS: readonly Layer[] = ['flag', 'env', 'config'];

/**
 * flag > environment > (the job file) > config file (the chosen profile) > defaults, field by
 * field, except for the identity (see identity.ts): the server is decided by the highest layer
 * naming any of its spellings, and the job file is used whole or not at all.
 */
export function resolveSettings({ flags, env, config, face, job }: SettingsInput): Settings {
  const profileName = pick(flags.profile) ?? nonEmpty(env.TOKENRELAY_PROFILE) ?? config?.defaultProfile;
  const profile = profileName !== undefined ? config?.profiles.get(profileName) : undefined;
  if (profileName !== undefined && !profile && (pick(flags.profile) || env.TOKENRELAY_PROFILE || config)) {
    const known = config ? [...config.profiles.keys()] : [];
    throw usageError(
      `Unknown profile '${profileName}'${config ? ` (not in ${config.path})` : ' (no config file found)'}.`,
      known.length ? `Known profiles: ${known.join(', ')}.` : 'Add a [profiles.NAME] section to config.toml.',
    );
  }

  const given = (key: SettingKey, layer: Layer | 'job'): string | string[] | undefined => {
    const spec: SettingSpec = SETTINGS[key];
    if (layer === 'flag') return hasValue(flags[key]) ? flags[key] : undefined;
    if (layer === 'env') return spec.env ? nonEmpty(env[spec.env]) : undefined;
    if (layer === 'job') return spec.env && job ? nonEmpty(job[spec.env]) : undefined;
    const fromConfig = spec.config && !spec.secret ? profile?.values[spec.config] : undefined;
    return fromConfig === undefined ? undefined : configValue(fromConfig);
  };
  const text = (v: string | string[] | undefined) => (v === undefined ? undefined : single(v).trim());

  // The server is one setting with several spellings: the highest layer naming any decides all.
  const serverLayer = USER_LAYERS.find((layer) => SERVER_KEYS.some((k) => given(k, layer) !== undefined));
  const notes: string[] = [];
  let useJob = false;
  if (job) {
    const clientLayer = USER_LAYERS.find((layer) => given('clientId', layer) !== undefined);
    const mine = {
      ...Object.fromEntries(
        SERVER_KEYS.map((k) => [k, serverLayer ? text(given(k, serverLayer)) : undefined]),
      ),
      clientId: clientLayer ? text(given('clientId', clientLayer)) : undefined,
    };
    const held = Object.fromEntries(
      [...SERVER_KEYS, 'clientId' as const].map((k) => [k, text(given(k, 'job'))]),
    );
    const other = otherIdentity(mine, held);
    useJob = other === undefined;
    notes.push(
      useJob
        ? "the Action's settings for this job (its job file, the variables it exported) are used, whole: this step names no other server or client"
        : `the Action's settings for this job (its job file, the variables it exported) are not used, none of them: this step names another server or client (${other})`,
    );
  }

  // Used whole means the job's secret too: a step that names no client id of its own and
  // has some other secret in TOKENRELAY_CLIENT_SECRET must not send it to the job's server.
  const stepNamesClient = given('clientId', 'flag') !== undefined || given('clientId', 'env') !== undefined;
  const jobSecretWins =
    useJob &&
    !stepNamesClient &&
    (given('clientSecret', 'job') !== undefined || given('privateKey', 'job') !== undefined);

  const origins: Settings['origins'] = {};
  const values: Record<string, unknown> = {};
  for (const [key, spec] of SETTING_ROWS) {
    if (key === 'profile') continue;
    const isServer = (SERVER_KEYS as readonly string[]).includes(key);
    const isJobSecret = jobSecretWins && (key === 'clientSecret' || key === 'privateKey');
    const order: (Layer | 'job')[] = isServer
      ? [...(serverLayer ? [serverLayer] : []), ...(useJob ? ['job' as const] : [])]
      : isJobSecret
        ? ['flag', 'job']
        : ['flag', 'env', ...(useJob ? ['job' as const] : []), 'config'];
    if (isJobSecret && given(key, 'flag') === undefined && given(key, 'env') !== undefined)
      notes.push(
        `${whereFrom(spec, key, 'env', face)} is set aside: the Action's settings for this job are used whole, ` +
          'their secret included, and this step names no client id of its own',
      );
    let raw: string | string[] | undefined;
    for (const layer of order) {
      raw = given(key, layer);
      if (raw !== undefined) {
        origins[key] = layer;
        break;
      }
    }
    if (isServer && serverLayer) {
      for (const layer of USER_LAYERS.slice(USER_LAYERS.indexOf(serverLayer) + 1)) {
        if (given(key, layer) === undefined) continue;
        notes.push(
          `${namedAs(spec, key, layer, face)} is set aside: ` +
            `the server is named by ${serverNamer(serverLayer, given, face)}`,
        );
      }
    }
    // Secrets keep their bytes; the rest is trimmed (a list item by item, in its reader).
    if (raw !== undefined && !spec.secret && spec.value.kind !== 'list') raw = single(raw).trim();
    values[key] = spec.value.read(raw, {
      where: whereFrom(spec, key, origins[key], face),
      description: spec.description,
    });
  }
  return {
    ...(values as SettingValues),
    profile: profile?.name,
    routes: profile?.routes ?? [],
    origins,
    ...(face ? { face } : {}),
    configPath: config?.path,
    identity: {
      notes,
      ...(job ? { job: useJob ? 'used' : 'not used' } : {}),
      ...serverLeftIncomplete(serverLayer, given, face),
    },
  };
}

/** The names the server was given under in its layer, for "set aside" notes. */
function serverNamer(
  layer: Layer,
  given: (key: SettingKey, layer: Layer) => unknown,
  face: Face | undefined,
): string {
  return SERVER_KEYS.filter((k) => given(k, layer) !== undefined)
    .map((k: ServerKey) => whereFrom(SETTINGS[k], k, layer, face))
    .join(', ');
}

function serverLeftIncomplete(
  layer: Layer | undefined,
  given: (key: SettingKey, layer: Layer) => unknown,
  face: Face | undefined,
): { warning?: string } {
  if (!layer || given('issuer', layer) !== undefined || given('tokenEndpoint', layer) !== undefined)
    return {};
  const lower = USER_LAYERS.slice(USER_LAYERS.indexOf(layer) + 1);
  const asideKeys = (['issuer', 'tokenEndpoint'] as const).flatMap((k) =>
    lower.filter((l) => given(k, l) !== undefined).map((l) => namedAs(SETTINGS[k], k, l, face)),
  );
  if (asideKeys.length === 0) return {};
  const namer = serverNamer(layer, given, face);
  return {
    warning:
      `${namer} names the server, so ${asideKeys.join(' and ')} ${asideKeys.length > 1 ? 'are' : 'is'} set aside, and no issuer or token endpoint is left. ` +
      `Give the issuer (or token endpoint) the same way as ${namer}, or remove ${namer}: the server's settings come from one place.`,
  };
}

/** For -v: which layer the server and the client came from. */
export function identityLines(settings: Settings): string[] {
  const server = SERVER_KEYS.filter((k) => settings[k] !== undefined).map(
    (k) => `${settings[k]} (${settingName(settings, k)})`,
  );
  const client = settings.clientId ? `${settings.clientId} (${settingName(settings, 'clientId')})` : 'none';
  return [
    `identity: server ${server.length ? server.join(', ') : 'none'}; client id ${client}`,
    ...(settings.identity?.notes ?? []),
  ];
}

/**
 * The secret settings' environment variables, registered for masking as the process starts
 * (each face calls this first): that is where they enter, so nothing downstream registers them again.
 */
export function registerSecretEnv(env: Record<string, string | undefined>): void {
  for (const [, spec] of SETTING_ROWS) if (spec.secret && spec.env) registerSecret(env[spec.env]);
}

/** `whereFrom`, with a config key marked as one: `client_id (config file)`. */
function namedAs(spec: SettingSpec, key: string, origin: Origin, face?: Face): string {
  const name = whereFrom(spec, key, origin, face);
  return origin === 'config' ? `${name} (config file)` : name;
}

/** The name a user set the value under, for messages: the env var, config key, flag or input. */
function whereFrom(spec: SettingSpec, key: string, origin: Origin | undefined, face?: Face): string {
  if (origin === 'job' && spec.env) return `${spec.env}, set by the Action for this job`;
  const named = origin === 'env' ? spec.env : origin === 'config' ? spec.config : undefined;
  if (named) return named;
  const flag = flagName(spec) ?? key;
  return face === 'action' ? `input ${flag}` : `--${flag}`;
}

/**
 * How messages should name a setting: the way this user gave it (`--client-id`,
 * `TOKENRELAY_CLIENT_ID`, input `client-id`, config key `client_id`), or, when it is not set,
 * every way it could be.
 */
export function settingName(settings: Pick<Settings, 'origins' | 'face'>, key: SettingKey): string {
  const spec: SettingSpec = SETTINGS[key];
  const origin = settings.origins[key];
  if (origin === 'env' || origin === 'config' || origin === 'flag' || origin === 'job') {
    return namedAs(spec, key, origin, settings.face);
  }
  const flag = flagName(spec);
  const ways =
    settings.face === 'action'
      ? [`input ${inputName(spec) ?? flag ?? key}`, spec.env]
      : [flag ? `--${flag}` : undefined, spec.env, spec.config];
  return ways.filter(Boolean).join(' / ');
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
