import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OAuthRecord, StaticRecord } from '../../src/store/types.ts';

/** Random, so a test can tell its own secrets from anything else and scan for them. */
export const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

export function oauthRecord(environment: string, overrides: Partial<OAuthRecord> = {}): OAuthRecord {
  return {
    kind: 'oauth',
    environment,
    accessToken: secret('at'),
    refreshToken: secret('rt'),
    idToken: secret('idt'),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    tokenType: 'Bearer',
    scope: 'openid profile api:read',
    issuer: 'http://127.0.0.1:9999',
    clientId: 'cli-native',
    tokenEndpoint: 'http://127.0.0.1:9999/token',
    revocationEndpoint: 'http://127.0.0.1:9999/token/revocation',
    identity: { name: 'Ada Lovelace', email: 'ada@example.test', login: 'ada', subject: 'sub-ada' },
    tenant: 'acme',
    workspace: 'research',
    savedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function staticRecord(environment: string, overrides: Partial<StaticRecord> = {}): StaticRecord {
  return {
    kind: 'static',
    environment,
    token: secret('pat'),
    identity: { login: 'ada' },
    savedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A temp directory removed after the test file; `dir/config` is the (not yet created) config dir. */
export async function tempRoot(): Promise<{ root: string; config: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'tokenrelay-store-'));
  return { root, config: join(root, 'config'), cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function collectWarnings(): { warn: (m: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { warn: (m) => messages.push(m), messages };
}
