import { join } from 'node:path';
import { configDir } from './paths.ts';
import { ensurePrivateDir, removeFile, writeFileAtomic } from './secure-fs.ts';
import type { Warn } from './types.ts';

/**
 * The default environment `tokenrelay auth switch` chose, in `active-environment.json` beside
 * the credentials. It holds URLs only, never a secret, but it chooses where tokens are sent, so
 * it is read under config.toml's trust rule (src/app/environments.ts).
 */
export interface ActiveEnvironment {
  environment: string;
  apiUrl?: string;
  issuer?: string;
}

type Env = Record<string, string | undefined>;

export const activeEnvironmentPath = (env: Env) => join(configDir(env), 'active-environment.json');

/** What `auth switch` wrote; undefined when the text is not that (the file is then ignored). */
export function parseActiveEnvironment(text: string): ActiveEnvironment | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value.environment !== 'string' || !value.environment) return undefined;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const apiUrl = str(value.api_url);
    const issuer = str(value.issuer);
    return { environment: value.environment, ...(apiUrl ? { apiUrl } : {}), ...(issuer ? { issuer } : {}) };
  } catch {
    return undefined;
  }
}

export async function writeActiveEnvironment(env: Env, active: ActiveEnvironment, warn: Warn): Promise<void> {
  await ensurePrivateDir(configDir(env), warn);
  const doc = {
    environment: active.environment,
    api_url: active.apiUrl ?? null,
    issuer: active.issuer ?? null,
  };
  await writeFileAtomic(activeEnvironmentPath(env), `${JSON.stringify(doc, null, 2)}\n`);
}

export function clearActiveEnvironment(env: Env): Promise<void> {
  return removeFile(activeEnvironmentPath(env));
}
