import { normaliseEnvironment, severalEnvironmentsError } from '../core/environment.ts';
import { usageError } from '../core/errors.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import {
  type ActiveEnvironment,
  activeEnvironmentPath,
  parseActiveEnvironment,
} from '../store/active-environment.ts';
import type { CredentialKind, CredentialStore } from '../store/types.ts';
import { readTrusted } from './load-settings.ts';

/**
 * The default `auth switch` chose, read under config.toml's trust rule: whoever could write it
 * would choose where tokens and client secrets are sent. Synchronous: the plain `auth token`
 * start-up reads it, and a promise costs more than the read.
 */
export function readActiveEnvironment(
  env: Record<string, string | undefined>,
): ActiveEnvironment | undefined {
  const text = readTrusted(activeEnvironmentPath(env));
  return text === undefined ? undefined : parseActiveEnvironment(text);
}

/** One environment something is stored for, and what its records say it is. */
export interface StoredEnvironment {
  environment: string;
  /** Set when the environment is an API's URL (a saved token, or a session logged in with --api-url). */
  apiUrl?: string;
  /** The session's issuer, when a session is stored. */
  issuer?: string;
  kinds: CredentialKind[];
  tenant?: string;
  workspace?: string;
}

/** Environments holding a token or a session (a cached client registration alone is no login). */
export async function storedEnvironments(store: CredentialStore): Promise<StoredEnvironment[]> {
  const byEnv = new Map<string, StoredEnvironment>();
  for (const record of await store.list()) {
    const entry = byEnv.get(record.environment) ?? { environment: record.environment, kinds: [] };
    entry.kinds.push(record.kind);
    if (record.kind === 'static') entry.apiUrl = record.environment;
    if (record.kind === 'oauth') {
      entry.issuer = record.issuer;
      if (normaliseEnvironment(record.issuer) !== record.environment) entry.apiUrl = record.environment;
    }
    if (record.kind !== 'client') {
      entry.tenant ??= record.tenant;
      entry.workspace ??= record.workspace;
    }
    byEnv.set(record.environment, entry);
  }
  return [...byEnv.values()].filter((e) => e.kinds.some((k) => k !== 'client'));
}

/** The settings a command runs with for one stored environment: its API URL and issuer, unless given. */
export function settingsFor(
  settings: Settings,
  stored: Pick<StoredEnvironment, 'apiUrl' | 'issuer' | 'environment'>,
): Settings {
  const out: Settings = { ...settings };
  if (stored.apiUrl) out.apiUrl = stored.apiUrl;
  else if (stored.issuer) delete out.apiUrl;
  else out.apiUrl = stored.environment;
  if (stored.issuer) out.issuer = stored.issuer;
  return out;
}

/**
 * `--environment URL`: one of the stored environments, named by its API URL or issuer. Naming
 * one nothing is stored for is a usage error that lists those that are.
 */
export async function namedEnvironment(
  settings: Settings,
  name: string,
  openStore: () => Promise<CredentialStore>,
): Promise<{ settings: Settings; stored: StoredEnvironment }> {
  const key = normaliseEnvironment(name);
  const environments = await storedEnvironments(await openStore());
  const stored = environments.find(
    (e) => e.environment === key || (e.issuer && normaliseEnvironment(e.issuer) === key),
  );
  if (!stored) {
    const known = environments.map((e) => e.environment);
    throw usageError(
      `Nothing is stored for ${key}.`,
      known.length
        ? `Stored environments: ${known.join(', ')}.`
        : "Log in first with 'tokenrelay auth login --api-url URL'.",
    );
  }
  return { settings: settingsFor(settings, stored), stored };
}

export interface FoundEnvironment {
  settings: Settings;
  /** Why this environment, for --verbose; undefined when the settings named it. */
  why?: string;
}

/**
 * For a command that needs an environment and was given none: the only one stored. With
 * several stored it is a usage error listing them; with none, the settings as they are.
 */
export async function findEnvironment(
  settings: Settings,
  openStore: () => Promise<CredentialStore>,
): Promise<FoundEnvironment> {
  if (environmentKey(settings)) return { settings };
  const environments = await storedEnvironments(await openStore());
  if (environments.length > 1) throw severalEnvironmentsError(environments.map((e) => e.environment));
  const [only] = environments;
  if (!only) return { settings };
  return {
    settings: settingsFor(settings, only),
    why: `using ${only.environment}, the only environment stored`,
  };
}
