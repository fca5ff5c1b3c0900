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
  /** `--force`: a tenant or workspace the stored identity does not list is taken anyway. */
  force?: boolean;
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
  const store = await deps.openStore();
  const rescoping = req.tenant !== undefined || req.workspace !== undefined;
  // `auth switch --tenant T` changes the tenant where one works now: the active environment,
  // else the only one stored. Switching environments still needs one named.
  const name =
    req.environment ??
    environmentKey(req.settings) ??
    (rescoping ? (deps.previous ?? (await onlyStored(store))) : undefined);
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
  if (rescoping) {
    await store.withLock(environment, async () => {
      const records = [await store.get(environment, 'static'), await store.get(environment, 'oauth')].filter(
        (r) => r !== undefined,
      );
      // All checked before any is written: a refusal changes nothing.
      for (const record of records) {
        if (req.force) break;
        refuseUnlisted('tenant', req.tenant, record.identity?.tenants, environment);
        refuseUnlisted('workspace', req.workspace, record.identity?.workspaces, environment);
      }
      for (const record of records) {
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

async function onlyStored(store: CredentialStore): Promise<string | undefined> {
  const environments = await storedEnvironments(store);
  return environments.length === 1 ? environments[0]!.environment : undefined;
}

/**
 * What login learnt from the API lists the tenants (workspaces) the identity may use: another
 * one is most likely a typo, and every later request would fail with it.
 */
function refuseUnlisted(
  kind: 'tenant' | 'workspace',
  wanted: string | undefined,
  listed: string[] | undefined,
  environment: string,
): void {
  if (wanted === undefined || !listed?.length || listed.includes(wanted)) return;
  throw usageError(
    `${kind} ${wanted} is not one the login at ${environment} lists: ${listed.join(', ')}.`,
    `Choose one of them, or add --force if the API takes ${wanted} all the same.`,
  );
}
