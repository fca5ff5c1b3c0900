import { usageError } from '../core/errors.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import type { ActiveEnvironment } from '../store/active-environment.ts';
import type { CredentialStore } from '../store/types.ts';
import { namedEnvironment, storedEnvironments } from './environments.ts';

export interface SwitchRequest {
  /** The settings as given (not defaulted to the current choice). */
  settings: Settings;
  /** `--environment URL`; else `--api-url` / `--issuer` name it. */
  environment?: string;
  /** Given on this command line: stored with the environment's credentials. */
  tenant?: string;
  workspace?: string;
}

export interface SwitchDeps {
  openStore: () => Promise<CredentialStore>;
  /** Saves the choice (`active-environment.json`). */
  saveActive: (active: ActiveEnvironment) => Promise<void>;
  previous?: string;
}

export interface SwitchResult {
  environment: string;
  previous?: string;
  apiUrl?: string;
  issuer?: string;
  tenant?: string;
  workspace?: string;
}

/**
 * `auth switch`: makes one stored environment the default for commands that name none, and
 * optionally changes the tenant or workspace its credentials are used for. It never logs in:
 * an environment nothing is stored for is a usage error that says how to log in to it.
 */
export async function switchEnvironment(req: SwitchRequest, deps: SwitchDeps): Promise<SwitchResult> {
  const name = req.environment ?? environmentKey(req.settings);
  const store = await deps.openStore();
  if (!name) {
    const known = (await storedEnvironments(store)).map((e) => e.environment);
    throw usageError(
      'Name the environment to switch to: --environment URL (or --api-url / --issuer).',
      known.length
        ? `Stored environments: ${known.join(', ')}.`
        : "Nothing is stored yet: run 'tokenrelay auth login'.",
    );
  }
  const { stored } = await namedEnvironment(req.settings, name, async () => store);
  const { environment } = stored;
  let { tenant, workspace } = stored;
  if (req.tenant !== undefined || req.workspace !== undefined) {
    await store.withLock(environment, async () => {
      for (const kind of ['static', 'oauth'] as const) {
        const record = await store.get(environment, kind);
        if (!record) continue;
        await store.put({
          ...record,
          ...(req.tenant !== undefined ? { tenant: req.tenant } : {}),
          ...(req.workspace !== undefined ? { workspace: req.workspace } : {}),
        });
      }
    });
    tenant = req.tenant ?? tenant;
    workspace = req.workspace ?? workspace;
  }
  const active: ActiveEnvironment = {
    environment,
    ...(stored.apiUrl ? { apiUrl: stored.apiUrl } : {}),
    ...(stored.issuer ? { issuer: stored.issuer } : {}),
  };
  await deps.saveActive(active);
  return {
    ...active,
    ...(deps.previous && deps.previous !== environment ? { previous: deps.previous } : {}),
    ...(tenant ? { tenant } : {}),
    ...(workspace ? { workspace } : {}),
  };
}
