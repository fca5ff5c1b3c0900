import { parse, TomlError } from 'smol-toml';
import { usageError } from './errors.ts';
import { SETTING_ROWS } from './settings-table.ts';

/** A route by token shape: a prefix (or JWT shape) picks the validation path. */
export interface ValidationRoute {
  prefix?: string;
  jwt?: boolean;
  path: string;
}

export interface ConfigProfile {
  name: string;
  values: Record<string, string | number | string[]>;
  routes: ValidationRoute[];
}

export interface ConfigFile {
  path: string;
  defaultProfile?: string;
  profiles: Map<string, ConfigProfile>;
}

const SECRET_KEYS = new Set([
  'client_secret',
  'private_key',
  'token',
  'access_token',
  'refresh_token',
  'password',
]);
const KNOWN_KEYS = new Set(SETTING_ROWS.flatMap(([, s]) => (s.config ? [s.config] : [])));

/** Parses config.toml text. Errors name the file and line (exit 2), never echo values. */
export function parseConfigFile(text: string, path: string): ConfigFile {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0] ?? 'syntax error';
      throw usageError(
        `Invalid config file ${path} at line ${e.line}, column ${e.column}: ${first.replace(/^Invalid TOML document: /, '')}.`,
        'Fix the TOML syntax, or point TOKENRELAY_CONFIG_DIR elsewhere.',
      );
    }
    throw e;
  }
  const config: ConfigFile = { path, profiles: new Map() };
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'default_profile') {
      if (typeof value !== 'string') throw badValue(path, key, 'a string');
      config.defaultProfile = value;
    } else if (key === 'profiles') {
      if (!isTable(value)) throw badValue(path, key, 'a table of [profiles.NAME] sections');
      for (const [name, body] of Object.entries(value))
        config.profiles.set(name, readProfile(path, name, body));
    } else {
      throw usageError(
        `Unknown key '${key}' in ${path}.`,
        'Top-level keys are default_profile and [profiles.NAME] sections.',
      );
    }
  }
  return config;
}

function readProfile(path: string, name: string, body: unknown): ConfigProfile {
  const where = `[profiles.${name}]`;
  if (!isTable(body)) throw badValue(path, where, 'a table');
  const profile: ConfigProfile = { name, values: {}, routes: [] };
  for (const [key, value] of Object.entries(body)) {
    if (SECRET_KEYS.has(key)) {
      throw usageError(
        `${path} ${where} sets '${key}': credentials never live in the config file.`,
        `Remove it and pass it through the environment (e.g. TOKENRELAY_${key.toUpperCase()}) or 'tokenrelay auth login'.`,
      );
    }
    if (key === 'routes') {
      profile.routes = readRoutes(path, where, value);
      continue;
    }
    if (!KNOWN_KEYS.has(key)) {
      throw usageError(
        `Unknown key '${key}' in ${path} ${where}.`,
        `Known keys: ${[...KNOWN_KEYS].sort().join(', ')}, routes.`,
      );
    }
    if (typeof value === 'string' || typeof value === 'number') profile.values[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) profile.values[key] = value;
    else throw badValue(path, `${where} ${key}`, 'a string or number');
  }
  return profile;
}

function readRoutes(path: string, where: string, value: unknown): ValidationRoute[] {
  if (!Array.isArray(value)) throw badValue(path, `${where} routes`, 'an array of { prefix|jwt, path }');
  return value.map((r) => {
    if (!isTable(r) || typeof r.path !== 'string' || !r.path.startsWith('/')) {
      throw badValue(path, `${where} routes`, 'entries with a path starting with /');
    }
    const route: ValidationRoute = { path: r.path };
    if (typeof r.prefix === 'string' && r.prefix) route.prefix = r.prefix;
    if (r.jwt === true) route.jwt = true;
    if (!route.prefix && !route.jwt)
      throw badValue(path, `${where} routes`, 'entries with prefix = "…" or jwt = true');
    return route;
  });
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function badValue(path: string, key: string, expected: string) {
  return usageError(`Invalid value for ${key} in ${path}: expected ${expected}.`, 'Fix the config file.');
}
