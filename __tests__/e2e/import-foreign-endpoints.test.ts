/**
 * A backup written on another machine whose OAuth record names a token endpoint on another
 * origin than its issuer (issue 18, reproduction 3). `auth import` lists each record's issuer and
 * endpoints and refuses the foreign one unless --force; and at use, the configured client secret
 * never goes with the record's refresh to an endpoint off the configured server.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptBackup } from '../../src/app/credentials-backup.ts';
import { normaliseEnvironment } from '../../src/core/environment.ts';
import type { OAuthRecord } from '../../src/store/types.ts';
import { type FaultFront, fault, startFaultFront } from '../../test-support/fault-front.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { assertClean, cli, credentialsFile, machine } from './auth-session-fixtures.ts';

const PASSPHRASE = 'correct horse battery staple';
let a: TestProvider;
let elsewhere: FaultFront;

beforeAll(async () => {
  a = await startProvider();
  elsewhere = await startFaultFront();
});
afterAll(async () => {
  await a?.close();
  await elsewhere?.close();
});

const REFRESH = 'refresh-token-from-the-backup-0123456789';

/** The session as another machine (or someone handing over a file) wrote it. */
function foreignSession(): OAuthRecord {
  return {
    kind: 'oauth',
    environment: normaliseEnvironment(a.issuer),
    savedAt: new Date(Date.now() - 7200_000).toISOString(),
    expiresAt: new Date(Date.now() - 3600_000).toISOString(),
    accessToken: 'expired-access-token-from-the-backup-0123',
    refreshToken: REFRESH,
    tokenType: 'Bearer',
    issuer: a.issuer,
    clientId: a.clients.basic.clientId,
    tokenEndpoint: `${elsewhere.url}/oauth/token`,
  };
}

describe('auth import of a record with a foreign token endpoint', () => {
  it('is refused without --force, listing where; with --force the configured secret still never goes there', async () => {
    const m = machine();
    const file = join(m.home, 'handed-over.jwe');
    writeFileSync(file, await encryptBackup([foreignSession()], PASSPHRASE), { mode: 0o600 });

    const refused = await cli(m, ['auth', 'import', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${elsewhere.url}/oauth/token (session for ${normaliseEnvironment(a.issuer)}, issuer ${a.issuer})`,
    );
    expect(refused.stderr).toContain('Nothing was imported');
    expect(refused.stderr).toContain('--force');
    expect(existsSync(credentialsFile(m))).toBe(false);

    const forced = await cli(
      m,
      ['auth', 'import', '--file', file, '--passphrase-stdin', '--force'],
      {},
      PASSPHRASE,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(
      `  oauth: issuer ${a.issuer}, client id ${a.clients.basic.clientId}, token endpoint ${elsewhere.url}/oauth/token`,
    );

    // The configured server and client are the record's; its token endpoint is not that server's.
    elsewhere.requests.length = 0;
    elsewhere.enqueue(fault.json(400, { error: 'invalid_grant' }));
    const secret = a.clients.basic.clientSecret;
    const used = await cli(m, ['auth', 'token', '-v'], {
      TOKENRELAY_ISSUER: a.issuer,
      TOKENRELAY_CLIENT_ID: a.clients.basic.clientId,
      TOKENRELAY_CLIENT_SECRET: secret,
    });
    expect(elsewhere.requests).toHaveLength(1);
    const sent = elsewhere.requests[0]!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).not.toContain('client_secret');
    assertNoLeaks({ secrets: { secret }, texts: { headers: JSON.stringify(sent.headers), body: sent.body } });
    expect(used.stderr).toContain(
      `the configured client secret is not sent: ${elsewhere.url}/oauth/token is not on the issuer's origin`,
    );
    assertClean(m, { secret, passphrase: PASSPHRASE }, [refused, forced, used]);
  }, 60_000);

  it('a session for another issuer or client than the configured ones is left alone, whole', async () => {
    const m = machine();
    const file = join(m.home, 'other.jwe');
    const record = {
      ...foreignSession(),
      tokenEndpoint: `${elsewhere.url}/oauth/token`,
      issuer: elsewhere.url,
    };
    record.environment = normaliseEnvironment(a.issuer);
    writeFileSync(file, await encryptBackup([record], PASSPHRASE), { mode: 0o600 });
    const imported = await cli(m, ['auth', 'import', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(imported.code, imported.stderr).toBe(0);
    elsewhere.requests.length = 0;
    const secret = a.clients.basic.clientSecret;
    const used = await cli(m, ['auth', 'token', '-v', '--issuer', a.issuer], {
      TOKENRELAY_CLIENT_ID: a.clients.basic.clientId,
      TOKENRELAY_CLIENT_SECRET: secret,
      TOKENRELAY_SCOPE: 'api:read',
      TOKENRELAY_RESOURCE: a.resources.api,
    });
    // Not refreshed at the record's server: the configured client mints at the configured one.
    expect(elsewhere.requests).toEqual([]);
    expect(used.stderr).toContain('not used, the settings name another identity');
    expect(used.code, used.stderr).toBe(0);
    assertClean(m, { secret, passphrase: PASSPHRASE }, [imported, used]);
  }, 60_000);
});
