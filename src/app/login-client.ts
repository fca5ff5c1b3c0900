import type * as oauth from 'oauth4webapi';
import type { Settings } from '../core/settings.ts';
import type { TransportOptions } from '../http/types.ts';
import { CALLBACK_PATH } from '../login/loopback-listener.ts';
import { type RegisteredClient, registerClient } from '../oauth/registration.ts';
import type { ClientRecord, CredentialStore } from '../store/types.ts';

export interface LoginClient {
  clientId: string;
  clientSecret?: string;
  /** Where the id came from, for --verbose and the summary line. */
  origin: 'settings' | 'cached registration' | 'new registration';
  /** A configured secret belongs to another client (a CI client's) and was not sent. */
  secretLeftOut?: true;
  /** The fixed ports a reused registration allows, when none were given: listen on those. */
  ports?: number[];
}

export interface ClientChoice {
  settings: Settings;
  server: oauth.AuthorizationServer;
  environment: string;
  /** Fixed callback ports (`--port`); none means any loopback port. */
  ports: readonly number[];
  /** The flow redirects to a loopback URI (browser, paste-back); the device flow does not. */
  redirects: boolean;
  transport: TransportOptions;
  store: () => Promise<CredentialStore>;
  debug: (line: string) => void;
}

/**
 * Client id: flag > env > config (all already in `settings`), then a client this machine
 * registered earlier at the same issuer, then RFC 7591 registration, cached per environment.
 */
export async function chooseLoginClient(choice: ClientChoice): Promise<LoginClient> {
  const { settings, server, environment, ports } = choice;
  if (settings.clientId) {
    const secret = secretForLogin(settings);
    if (settings.clientSecret && !secret) {
      choice.debug('login: the configured client secret is for another client id and is not sent');
    }
    return {
      clientId: settings.clientId,
      ...(secret ? { clientSecret: secret } : {}),
      origin: 'settings',
      ...(settings.clientSecret && !secret ? { secretLeftOut: true as const } : {}),
    };
  }
  const wanted = redirectUrisFor(ports);
  const store = await choice.store();
  const cached = await reusable(store, environment, server.issuer);
  if (cached) {
    // A registration is per server, not per login: reused whatever flow comes next. The device
    // flow redirects nowhere; with no --port given, the browser listens where it allows.
    const fits = !choice.redirects || covers(cached, wanted);
    const fixed = !fits && ports.length === 0 ? fixedPorts(cached) : [];
    if (fits || fixed.length > 0) {
      choice.debug(`login: reusing the client registered at ${server.issuer} on ${cached.savedAt}`);
      if (cached.environment !== environment) await store.put({ ...cached, environment });
      return {
        clientId: cached.clientId,
        ...(cached.clientSecret ? { clientSecret: cached.clientSecret } : {}),
        origin: 'cached registration',
        ...(fixed.length > 0 ? { ports: fixed } : {}),
      };
    }
    choice.debug(`login: the client registered at ${server.issuer} allows other ports than --port asks for`);
  }
  const registered = await registerClient({ server, redirectUris: wanted, transport: choice.transport });
  await store.put(clientRecord(environment, server.issuer, registered));
  choice.debug(`login: registered a client at ${server.issuer}`);
  return {
    clientId: registered.clientId,
    ...(registered.clientSecret ? { clientSecret: registered.clientSecret } : {}),
    origin: 'new registration',
  };
}

/**
 * A client secret is sent with a login only when it was given for that login's client:
 * `--client-secret`, or a secret beside the client id it belongs to (both in the environment,
 * or the id in the config profile, which cannot hold secrets). A CI client's
 * TOKENRELAY_CLIENT_SECRET never rides along with a person's `--client-id`: the public login
 * client would be refused (invalid_client), and the secret would reach a client it is not for.
 */
export function secretForLogin(settings: Settings): string | undefined {
  if (!settings.clientSecret || !settings.clientId) return undefined;
  const secretFrom = settings.origins.clientSecret;
  const idFrom = settings.origins.clientId;
  return secretFrom === 'flag' || idFrom !== 'flag' ? settings.clientSecret : undefined;
}

/** One URI per fixed port, or the port-less loopback form that matches any port (RFC 8252 §7.3). */
export function redirectUrisFor(ports: readonly number[]): string[] {
  if (ports.length === 0) return [`http://127.0.0.1${CALLBACK_PATH}`];
  return ports.map((p) => `http://127.0.0.1:${p}${CALLBACK_PATH}`);
}

/**
 * The registration this environment keeps, else one this machine made at the same server for
 * another environment (two APIs behind one issuer): registering again would fail where
 * registration is closed, and leave clients behind at the server.
 */
async function reusable(
  store: CredentialStore,
  environment: string,
  issuer: string,
): Promise<ClientRecord | undefined> {
  const usable = (r: ClientRecord | undefined) => r && r.issuer === issuer && !secretExpired(r);
  const own = await store.get(environment, 'client');
  if (usable(own)) return own;
  const records = await store.list();
  return records.find((r): r is ClientRecord => r.kind === 'client' && Boolean(usable(r)));
}

/** The ports of a registration's fixed loopback redirect URIs. */
function fixedPorts(record: ClientRecord): number[] {
  return (record.redirectUris ?? [])
    .map((u) => (URL.canParse(u) ? Number(new URL(u).port) : 0))
    .filter((p) => p > 0);
}

function covers(record: ClientRecord, wanted: string[]): boolean {
  const have = record.redirectUris ?? [];
  return have.includes(`http://127.0.0.1${CALLBACK_PATH}`) || wanted.every((u) => have.includes(u));
}

function secretExpired(record: ClientRecord): boolean {
  return record.clientSecretExpiresAt !== undefined && Date.parse(record.clientSecretExpiresAt) <= Date.now();
}

function clientRecord(environment: string, issuer: string, client: RegisteredClient): ClientRecord {
  return {
    kind: 'client',
    environment,
    savedAt: new Date().toISOString(),
    issuer,
    clientId: client.clientId,
    ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
    ...(client.clientSecretExpiresAt
      ? { clientSecretExpiresAt: client.clientSecretExpiresAt.toISOString() }
      : {}),
    redirectUris: client.redirectUris,
  };
}
