import type { ConfigFile, ValidationRoute } from './config-file.ts';
import { normaliseEnvironment } from './environment.ts';
import { usageError } from './errors.ts';
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

export type Origin = 'flag' | 'env' | 'config' | 'default';
/** Which face set the flag-level values: CLI flags, or Action inputs (named as inputs in messages). */
export type Face = 'cli' | 'action';

/** Every setting (typed from the table), and what came with them. */
export type Settings = SettingValues & {
  routes: ValidationRoute[];
  /** Where each setting came from, for `auth status` and --verbose. */
  origins: Partial<Record<SettingKey, Origin>>;
  face?: Face;
  configPath?: string;
};

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

  const origins: Settings['origins'] = {};
  const values: Record<string, unknown> = {};
  for (const [key, spec] of SETTING_ROWS) {
    if (key === 'profile') continue;
    const fromFlag = flags[key];
    const fromEnv = spec.env ? nonEmpty(env[spec.env]) : undefined;
    const fromConfig = spec.config && !spec.secret ? profile?.values[spec.config] : undefined;
    let raw: string | string[] | undefined;
    if (hasValue(fromFlag)) [raw, origins[key]] = [fromFlag, 'flag'];
    else if (fromEnv !== undefined) [raw, origins[key]] = [fromEnv, 'env'];
    else if (fromConfig !== undefined) [raw, origins[key]] = [configValue(fromConfig), 'config'];
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
  };
}

/**
 * The secret settings' environment variables, registered for masking as the process starts
 * (each face calls this first): that is where they enter, so nothing downstream registers them again.
 */
export function registerSecretEnv(env: Record<string, string | undefined>): void {
  for (const [, spec] of SETTING_ROWS) if (spec.secret && spec.env) registerSecret(env[spec.env]);
}

/** The name a user set the value under, for messages: the env var, config key, flag or input. */
function whereFrom(spec: SettingSpec, key: string, origin: Origin | undefined, face?: Face): string {
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
  if (origin === 'env' || origin === 'config' || origin === 'flag') {
    const name = whereFrom(spec, key, origin, settings.face);
    return origin === 'config' ? `${name} (config file)` : name;
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
