/**
 * `auth export` / `auth import`: an encrypted backup of the stored credentials, moved to
 * another machine (another HOME and config directory) through the CLI as a child process.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { WITHHELD } from '../../src/core/secrets.ts';
import { cliScript } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { useServers } from '../../test-support/servers.ts';
import { assertClean, cli, credentialsFile, type Machine, machine, stored } from './auth-session-fixtures.ts';

const servers = useServers({ apis: 2 });
const PASSPHRASE = 'correct horse battery staple';

async function saveToken(m: Machine, apiUrl: string, token: string) {
  const run = await cli(
    m,
    ['auth', 'login', '--api-url', apiUrl, '--token-stdin', '--insecure-storage'],
    {},
    token,
  );
  expect(run.code, run.stderr).toBe(0);
}

const secrets = { pat: TEST_API_KEYS.alicePat, bot: TEST_API_KEYS.botKey, passphrase: PASSPHRASE };

describe('auth export and auth import', () => {
  it('moves every stored credential to another machine, encrypted; a wrong passphrase writes nothing (4)', async () => {
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    const from = machine();
    await saveToken(from, a, TEST_API_KEYS.alicePat);
    await saveToken(from, b, TEST_API_KEYS.alicePat);
    const file = join(from.home, 'tokenrelay-backup.jwe');
    const exported = await cli(
      from,
      ['auth', 'export', '--file', file, '--passphrase-stdin'],
      {},
      `${PASSPHRASE}\n`,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(`Exported 2 record(s) for ${[a, b].sort().join(', ')} to ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const jwe = readFileSync(file, 'utf8').trim();
    expect(jwe.split('.')).toHaveLength(5);
    expect(JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'PBES2-HS512+A256KW',
      enc: 'A256GCM',
      p2c: expect.any(Number),
    });
    const again = await cli(from, ['auth', 'export', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    const to = machine();
    const wrong = await cli(
      to,
      ['auth', 'import', '--file', file, '--passphrase-stdin'],
      {},
      'not the passphrase',
    );
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('wrong passphrase');
    expect(() => statSync(credentialsFile(to))).toThrow();

    const imported = await cli(
      to,
      ['auth', 'import', '--file', file, '--passphrase-stdin', '--json'],
      {},
      PASSPHRASE,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      imported: [{ kinds: ['static'] }, { kinds: ['static'] }],
      kept: [],
    });
    const token = await cli(to, ['auth', 'token', '--api-url', b]);
    expect(token.stdout).toBe(`${TEST_API_KEYS.alicePat}\n`);
    assertClean(from, secrets, [exported, again]);
    assertClean(to, secrets, [wrong, imported]);
    assertNoLeaks({ secrets: { passphrase: PASSPHRASE }, dirs: [from.home, to.home] });
  }, 60_000);

  it('keeps what is already stored unless --force; --environment exports one', async () => {
    const [a, b] = servers.apis.map((api) => api.url) as [string, string];
    const from = machine();
    await saveToken(from, a, TEST_API_KEYS.alicePat);
    await saveToken(from, b, TEST_API_KEYS.alicePat);
    const all = join(from.home, 'all.jwe');
    const one = join(from.home, 'one.jwe');
    expect(
      (await cli(from, ['auth', 'export', '--file', all, '--passphrase-stdin'], {}, PASSPHRASE)).code,
    ).toBe(0);
    const single = await cli(
      from,
      ['auth', 'export', '--file', one, '--environment', b, '--passphrase-stdin', '--json'],
      {},
      PASSPHRASE,
    );
    expect(JSON.parse(single.stdout)).toEqual({
      file: one,
      environments: [b],
      records: 1,
      moved: false,
      shared_sessions: [],
    });

    const to = machine();
    await saveToken(to, a, TEST_API_KEYS.botKey);
    const kept = await cli(to, ['auth', 'import', '--file', all, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain(`Kept the credentials already stored for ${a}; --force replaces them.`);
    expect(stored(to, a, 'static')?.token).toBe(TEST_API_KEYS.botKey);
    expect(stored(to, b, 'static')?.token).toBe(TEST_API_KEYS.alicePat);
    const forced = await cli(
      to,
      ['auth', 'import', '--file', all, '--passphrase-stdin', '--force'],
      {},
      PASSPHRASE,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(stored(to, a, 'static')?.token).toBe(TEST_API_KEYS.alicePat);
    assertClean(to, secrets, [kept, forced]);
  }, 60_000);

  it('not an export, or a damaged one, is exit 2 and nothing is written', async () => {
    const m = machine();
    const plain = join(m.home, 'notes.txt');
    writeFileSync(plain, 'hello\n');
    const notExport = await cli(m, ['auth', 'import', '--file', plain, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(notExport.code).toBe(2);
    expect(notExport.stderr).toContain('is not a tokenrelay credentials export');
    // Encrypted the right way, but a record inside is not a credential.
    const damaged = join(m.home, 'damaged.jwe');
    const payload = JSON.stringify({
      format: 'tokenrelay-credentials',
      version: 1,
      records: [{ kind: 'static', environment: 'https://x.example.test', savedAt: 'now' }],
    });
    const jwe = await new CompactEncrypt(new TextEncoder().encode(payload))
      .setProtectedHeader({
        alg: 'PBES2-HS512+A256KW',
        enc: 'A256GCM',
        cty: 'application/vnd.tokenrelay.credentials+json',
      })
      .setKeyManagementParameters({ p2c: 1000 })
      .encrypt(new TextEncoder().encode(PASSPHRASE));
    writeFileSync(damaged, jwe);
    const bad = await cli(m, ['auth', 'import', '--file', damaged, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Record 1 of');
    expect(bad.stderr).toContain('"token" is missing');
    expect(() => statSync(credentialsFile(m))).toThrow();
    const noTty = await cli(m, ['auth', 'import', '--file', damaged]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--passphrase-stdin');
  });

  it('never writes into a git work tree without --force', async () => {
    const m = machine();
    await saveToken(m, servers.api.url, TEST_API_KEYS.alicePat);
    const repo = join(m.home, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const inRepo = join(repo, 'backup.jwe');
    const refused = await cli(m, ['auth', 'export', '--file', inRepo, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`inside the git work tree ${repo}`);
    expect(() => statSync(inRepo)).toThrow();
    const forced = await cli(
      m,
      ['auth', 'export', '--file', inRepo, '--passphrase-stdin', '--force'],
      {},
      PASSPHRASE,
    );
    expect(forced.code, forced.stderr).toBe(0);

    // A machine whose config directory sits in a work tree: import refuses to write there.
    const inside = machine();
    inside.env.TOKENRELAY_CONFIG_DIR = join(repo, 'config');
    const importRefused = await cli(
      inside,
      ['auth', 'import', '--file', inRepo, '--passphrase-stdin'],
      {},
      PASSPHRASE,
    );
    expect(importRefused.code).toBe(2);
    expect(importRefused.stderr).toContain('git work tree');
    const importForced = await cli(
      inside,
      ['auth', 'import', '--file', inRepo, '--passphrase-stdin', '--force'],
      {},
      PASSPHRASE,
    );
    expect(importForced.code, importForced.stderr).toBe(0);
  }, 60_000);
});

/**
 * The CLI on a real terminal (a pty from util-linux `script`): each answer is typed only once
 * its prompt is on screen, as a person would, so an echo would show in the output.
 */
function onTerminal(m: Machine, args: string[], answers: [RegExp, string][]) {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, cliScript(), ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: m.home, LANG: 'C.UTF-8', ...m.env },
    cwd: m.cwd,
  });
  let output = '';
  const pending = [...answers];
  child.stdout.on('data', (d) => {
    output += d;
    const next = pending[0];
    if (next?.[0].test(output)) {
      pending.shift();
      child.stdin.write(`${next[1]}\r`);
    }
  });
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('the passphrase typed at a terminal', () => {
  it('is asked twice for an export, never echoed; a mismatch writes nothing (2)', async () => {
    const m = machine();
    await saveToken(m, servers.api.url, TEST_API_KEYS.alicePat);
    const file = join(m.home, 'typed.jwe');
    const typed = await onTerminal(
      m,
      ['auth', 'export', '--file', file],
      [
        [/Passphrase for the export: $/, PASSPHRASE],
        [/The same passphrase again: $/, PASSPHRASE],
      ],
    );
    expect(typed.code, typed.output).toBe(0);
    expect(typed.output).toContain('Exported 1 record(s)');
    const other = join(m.home, 'mismatch.jwe');
    const mismatch = await onTerminal(
      m,
      ['auth', 'export', '--file', other],
      [
        [/Passphrase for the export: $/, PASSPHRASE],
        [/The same passphrase again: $/, `${PASSPHRASE}!`],
      ],
    );
    expect(mismatch.code).toBe(2);
    expect(mismatch.output).toContain('The two passphrases differ.');
    expect(() => statSync(other)).toThrow();

    const to = machine();
    const restored = await onTerminal(
      to,
      ['auth', 'import', '--file', file],
      [[/Passphrase: $/, PASSPHRASE]],
    );
    expect(restored.code, restored.output).toBe(0);
    expect(stored(to, servers.api.url, 'static')?.token).toBe(TEST_API_KEYS.alicePat);
    assertNoLeaks({
      secrets,
      texts: { typed: typed.output, mismatch: mismatch.output, restored: restored.output },
    });
  }, 60_000);
});

describe('passphrases and files refused for what they are (issue 19 items 7 and 8)', () => {
  it('a passphrase refused as too short is refused before it is a secret: the message keeps its words', async () => {
    const m = machine();
    await saveToken(m, servers.apis[0]!.url, TEST_API_KEYS.alicePat);
    const file = join(m.home, 'backup.jwe');
    const run = await cli(m, ['auth', 'export', '--file', file, '--passphrase-stdin'], {}, 'short\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'tokenrelay: The passphrase is too short (5 characters). Use at least 8 characters; a few unrelated words are best.\n',
    );
    // Importing with a passphrase no export can have: said in words, not scrubbed into a hint.
    const exported = await cli(m, ['auth', 'export', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(exported.code, exported.stderr).toBe(0);
    const wrong = await cli(machine(), ['auth', 'import', '--file', file, '--passphrase-stdin'], {}, 'wrong');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("That passphrase (5 characters) is shorter than any export's (8 or more)");
    expect(wrong.stderr).not.toContain('***');
    for (const r of [run, exported, wrong])
      assertNoLeaks({ secrets, texts: { stdout: r.stdout, stderr: r.stderr } });
  });

  it('a passphrase that is a word of the messages: the message is withheld, never starred into a hint', async () => {
    const m = machine();
    await saveToken(m, servers.apis[0]!.url, TEST_API_KEYS.alicePat);
    const file = join(m.home, 'backup.jwe');
    const exported = await cli(m, ['auth', 'export', '--file', file, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(exported.code, exported.stderr).toBe(0);
    // Old: 'Could not decrypt …: wrong *** (or the file was altered). Try the *** again'.
    const wrong = await cli(
      machine(),
      ['auth', 'import', '--file', file, '--passphrase-stdin'],
      {},
      'passphrase\n',
    );
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toBe(`tokenrelay: ${WITHHELD}\n`);
    assertNoLeaks({ secrets, texts: { stdout: exported.stdout, stderr: exported.stderr } });
    assertNoLeaks({
      secrets: { ...secrets, word: 'passphrase' },
      texts: { stdout: wrong.stdout, stderr: wrong.stderr },
    });
  });

  it('auth import checks the size before reading: a 300 MB file and an endless device are refused at once', async () => {
    const m = machine();
    const big = join(m.home, 'big.jwe');
    writeFileSync(big, '');
    truncateSync(big, 300 * 1024 * 1024); // sparse: nothing is written to disk
    const started = Date.now();
    const run = await cli(m, ['auth', 'import', '--file', big, '--passphrase-stdin'], {}, PASSPHRASE);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${big} is too large to be an export (314572800 bytes).`);
    expect(Date.now() - started).toBeLessThan(5_000);
    // A device reports no size: reading stops at the limit.
    const endless = await cli(
      m,
      ['auth', 'import', '--file', '/dev/zero', '--passphrase-stdin'],
      {},
      PASSPHRASE,
    );
    expect(endless.code).toBe(2);
    expect(endless.stderr).toContain('/dev/zero is too large to be an export (more than 4194304 bytes).');
  });
});
