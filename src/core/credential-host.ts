import type { ConfigFile, ConfigProfile, HostSection } from './config-file.ts';
import { type IdentityFields, otherIdentity, SERVER_KEYS } from './identity.ts';
import { SETTINGS } from './settings-table.ts';
import { GIVEN_TOKEN_ENV, withoutGivenToken } from './token.ts';

/**
 * The host a tool asks a credential helper about, the way `[hosts."…"]` sections name it:
 * `host` or `host:port`, lower-cased, without scheme, user or path. Git sends the host alone,
 * a registry client a server URL with or without a scheme (`registry:5000`,
 * `https://index.docker.io/v1/`), kubectl the cluster's https URL.
 */
export function credentialHost(server: string): string | undefined {
  const text = server.trim();
  if (!text) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (!url.hostname) return undefined;
    // URL drops a scheme's default port; a section for `host:443` is written as `host`.
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return undefined;
  }
}

/** The section for `host:port`, else for the host on any port; undefined when none names it. */
export function hostSection(
  config: ConfigFile | undefined,
  host: string | undefined,
): HostSection | undefined {
  if (!config || !host) return undefined;
  const exact = config.hosts.get(host);
  if (exact) return exact;
  const bare = host.replace(/:\d+$/, '');
  return bare !== host ? config.hosts.get(bare) : undefined;
}

type Env = Record<string, string | undefined>;

const IDENTITY_KEYS = [...SERVER_KEYS, 'clientId'] as const;

/**
 * What belongs to the identity the environment names, and goes with it when it is set aside:
 * its server, client, their secrets and a token it was given. The API URL stays: it says where
 * tokens are used, and a stored session filed under it still answers only for its own identity.
 */
const BOUND_TO_ENV_IDENTITY = [
  ...IDENTITY_KEYS.map((k) => SETTINGS[k].env),
  SETTINGS.clientSecret.env,
  SETTINGS.privateKey.env,
  GIVEN_TOKEN_ENV,
].filter((name): name is string => name !== undefined);

export interface HostEnv {
  env: Env;
  /** Why the environment's identity was set aside for this host (for -v); undefined when kept. */
  setAside?: string;
  /** The variables set aside (empty when kept). */
  dropped: string[];
}

/**
 * A `[hosts."HOST"]` section names the identity that answers for that host, and it is more
 * specific than variables exported for the whole shell or job. When its profile names a server
 * or a client id and `TOKENRELAY_*` name another, the environment's identity — server, client,
 * secrets, given token — is set aside for this call, whole: else a token minted by
 * the environment's server (or its secret) would go to a host the user mapped to another one.
 * Variables that name no identity (a secret alone) still merge with the profile, as for any command.
 */
export function envForHostProfile(env: Env, profile: ConfigProfile | undefined): HostEnv {
  if (!profile) return { env, dropped: [] };
  const fromProfile = (k: (typeof IDENTITY_KEYS)[number]) => {
    const v = profile.values[SETTINGS[k].config ?? ''];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const fromEnv = (k: (typeof IDENTITY_KEYS)[number]) => env[SETTINGS[k].env ?? '']?.trim() || undefined;
  const held: IdentityFields = Object.fromEntries(IDENTITY_KEYS.map((k) => [k, fromProfile(k)]));
  const namesServer = SERVER_KEYS.some((k) => held[k] !== undefined);
  if (!namesServer && held.clientId === undefined) return { env, dropped: [] };
  // Only what the profile speaks for is compared: a profile naming just a client id keeps the
  // environment's server.
  const mine: IdentityFields = Object.fromEntries(
    IDENTITY_KEYS.filter((k) => (k === 'clientId' ? held.clientId !== undefined : namesServer)).map((k) => [
      k,
      fromEnv(k),
    ]),
  );
  const other = otherIdentity(mine, held);
  if (other === undefined) {
    // A token the shell was given for everything (`eval "$(tokenrelay exchange --export shell)"`)
    // names no server: it is not handed to a host whose section names one. The profile's
    // token_env is how a host is given a token of its own.
    const namesNone = IDENTITY_KEYS.every((k) => fromEnv(k) === undefined);
    if (!namesNone || !env[GIVEN_TOKEN_ENV]) return { env, dropped: [] };
    return {
      env: withoutGivenToken(env),
      dropped: [GIVEN_TOKEN_ENV],
      setAside: `profile ${profile.name} names the server for this host, and ${GIVEN_TOKEN_ENV} names none: ${GIVEN_TOKEN_ENV} set aside for this host`,
    };
  }
  const kept: Env = { ...env };
  const dropped = BOUND_TO_ENV_IDENTITY.filter((name) => kept[name] !== undefined);
  for (const name of dropped) delete kept[name];
  return {
    env: kept,
    dropped,
    setAside: `profile ${profile.name} names another identity than the environment (${other}): ${dropped.join(', ')} set aside for this host`,
  };
}
