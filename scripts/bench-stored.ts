/**
 * For `npm run bench`: a stored OAuth session, as `auth login` leaves it, in a fresh config
 * directory — in credentials.json, or in the OS keychain when a D-Bus session is there
 * (`bash scripts/with-keyring.sh npm run bench`). Its token endpoint is the bench's provider,
 * so a run that refreshed or otherwise called out would show up in the provider's records.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open-store.ts';

export interface StoredCase {
  /** The environment `tokenrelay auth token` runs with. */
  env: Record<string, string>;
  /** Where the session went, as the store describes it. */
  backend: string;
  /** The environment the session is stored for (TOKENRELAY_API_URL in `env`). */
  apiUrl: string;
}

export async function seedStoredSession(
  where: 'file' | 'keychain',
  issuer: string,
  tokenEndpoint: string,
): Promise<StoredCase> {
  const home = mkdtempSync(join(tmpdir(), `tokenrelay-bench-${where}-`));
  const apiUrl = 'https://api.bench.tokenrelay.test';
  const env: Record<string, string> = {
    HOME: home,
    TOKENRELAY_CONFIG_DIR: join(home, 'config'),
    TOKENRELAY_API_URL: apiUrl,
  };
  const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (where === 'keychain') {
    if (!bus) throw new Error('no D-Bus session: run `bash scripts/with-keyring.sh npm run bench`');
    env.DBUS_SESSION_BUS_ADDRESS = bus;
  }
  const store = await openStore({
    env,
    insecureStorage: where === 'file',
    warn: () => {},
    interactive: false,
  });
  if (store.backend !== where) throw new Error(`wanted the ${where} store, got ${store.backend}`);
  const now = Date.now();
  await store.put({
    kind: 'oauth',
    environment: apiUrl,
    savedAt: new Date(now).toISOString(),
    accessToken: `bench-access-${now}-0123456789abcdef`,
    refreshToken: `bench-refresh-${now}-0123456789abcdef`,
    expiresAt: new Date(now + 3_600_000).toISOString(),
    tokenType: 'Bearer',
    issuer,
    clientId: 'cli-native',
    tokenEndpoint,
  });
  return { env, backend: store.location, apiUrl };
}
