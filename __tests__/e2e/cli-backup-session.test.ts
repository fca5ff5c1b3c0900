/**
 * A backup of an OAuth session shares it (issue 21 item 11): the copy and the original hold
 * the same refresh token, so logging out of one ends the other. Export and import say so;
 * `auth export --move` hands the session over instead: gone here, working there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServers } from '../../test-support/servers.ts';
import {
  assertClean,
  cli,
  credentialsFile,
  login,
  machine,
  stored,
  storedSecrets,
} from './auth-session-fixtures.ts';

const servers = useServers();
const PASSPHRASE = 'correct horse battery staple';
const apiEnv = () => ({ TOKENRELAY_API_URL: servers.api.url });

describe('a session in a backup', () => {
  it('export and import say the session is shared; logging out of the copy indeed ends the original', async () => {
    const from = machine();
    const loggedIn = await login(from, servers.provider, { apiUrl: servers.api.url });
    const secrets: Record<string, string> = { ...storedSecrets(from), passphrase: PASSPHRASE };
    const file = join(from.home, 'backup.jwe');
    const exported = await cli(
      from,
      ['auth', 'export', '--file', file, '--passphrase-stdin'],
      {},
      PASSPHRASE,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(`The session for ${servers.api.url} is shared, not copied`);
    expect(exported.stderr).toContain('export with --move');
    expect(stored(from, servers.api.url, 'oauth')).toBeDefined();

    const to = machine();
    const imported = await cli(to, ['auth', 'import', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(
      `The session for ${servers.api.url} is the one on the machine it was exported from`,
    );

    // What the notes warn of: logging out of the copy revokes the refresh token both hold.
    const out = await cli(to, ['auth', 'logout'], apiEnv());
    expect(out.code, out.stderr).toBe(0);
    expect(servers.provider.revoked).toContain(secrets['oauth.refreshToken of ' + servers.api.url]);
    assertClean(from, secrets, [loggedIn, exported]);
    assertClean(to, secrets, [imported, out]);
  }, 60_000);

  it('export --move hands the session over: removed here (not revoked), working there', async () => {
    const from = machine();
    const loggedIn = await login(from, servers.provider, { apiUrl: servers.api.url });
    const secrets = { ...storedSecrets(from), passphrase: PASSPHRASE };
    const session = stored(from, servers.api.url, 'oauth')!;
    const file = join(from.home, 'moved.jwe');
    servers.provider.resetRecords();
    const moved = await cli(
      from,
      ['auth', 'export', '--move', '--file', file, '--passphrase-stdin', '--json'],
      {},
      PASSPHRASE,
    );
    expect(moved.code, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ moved: true, shared_sessions: [], records: 1 });
    expect(moved.stderr).not.toContain('is shared');
    expect(existsSync(credentialsFile(from))).toBe(false); // it held nothing else
    expect(servers.provider.revoked).toEqual([]);
    const gone = await cli(from, ['auth', 'token'], apiEnv());
    expect(gone.code).toBe(4);

    const to = machine();
    const imported = await cli(to, ['auth', 'import', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(imported.code, imported.stderr).toBe(0);
    const token = await cli(to, ['auth', 'token'], apiEnv());
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${session.accessToken}\n`);
    assertClean(from, secrets, [loggedIn, moved, gone]);
    assertClean(to, secrets, [imported, token], [String(session.accessToken)]);
  }, 60_000);
});
