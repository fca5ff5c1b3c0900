import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assertNoLeaks,
  LeakScanSetupError,
  scanForLeaks,
  secretForms,
  stableBase64,
} from '../../test-support/leak-scanner.ts';

// Every character that some encoding changes: URL/form specials, JSON specials, non-ASCII.
const SECRET = 'Zq9:s3cr%41t+/= &"\\ünï~x';
const OTHER = 'another-Secret-9f8e7d';

const formsFound = (text: string, secret = SECRET) =>
  scanForLeaks({ secrets: [secret], texts: { out: text } }).map((l) => l.form);

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const form = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);

describe('stableBase64', () => {
  it('is contained in the base64 of any text holding the bytes at that alignment', () => {
    for (let round = 0; round < 300; round++) {
      const secret = randomBytes(6 + (round % 20));
      const prefix = randomBytes(round % 11);
      const suffix = randomBytes(round % 5);
      const offset = (prefix.length % 3) as 0 | 1 | 2;
      const whole = Buffer.concat([prefix, secret, suffix]);
      for (const alphabet of ['base64', 'base64url'] as const) {
        expect(whole.toString(alphabet)).toContain(stableBase64(secret, offset, alphabet));
      }
    }
  });

  it('keeps only characters that do not depend on neighbouring bytes', () => {
    const secret = Buffer.from('abcdefg');
    // offset 1: the 2nd character mixes the prefix byte with the first secret byte.
    const withA = Buffer.concat([Buffer.from([0x00]), secret]).toString('base64');
    const withB = Buffer.concat([Buffer.from([0xff]), secret]).toString('base64');
    const stable = stableBase64(secret, 1, 'base64');
    expect(withA[1]).not.toBe(withB[1]);
    expect(withA.slice(2, 2 + stable.length)).toBe(stable);
    expect(stable.length).toBeGreaterThanOrEqual(6);
  });
});

describe('scanForLeaks finds every form', () => {
  it.each([
    ['raw', `token=${SECRET}\n`],
    ['url-encoded', `https://x.test/?t=${encodeURIComponent(SECRET)}`],
    ['form-encoded', `grant_type=client_credentials&client_secret=${form(SECRET)}`],
    ['form-encoded', `a=${encodeURIComponent(SECRET).replace(/%20/g, '+')}`],
    [
      'url-encoded (lower-case escapes)',
      encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    ],
    ['json-escaped', JSON.stringify({ client_secret: SECRET })],
    ['json-escaped (escaped slashes)', JSON.stringify({ s: SECRET }).replace(/\//g, '\\/')],
    ['hex', `dump ${Buffer.from(SECRET).toString('hex')} end`],
    ['HEX', `DUMP ${Buffer.from(SECRET).toString('hex').toUpperCase()}`],
  ])('%s', (expected, text) => {
    expect(formsFound(text)).toContain(expected);
  });

  // Where the two alphabets agree the pattern is reported once, as base64; this secret
  // encodes to '+' and '/' at every alignment so base64url is told apart.
  const URL_DISTINCT = '~~~~~~??????>>>>>>';
  for (let prefixLength = 0; prefixLength < 6; prefixLength++) {
    const offset = prefixLength % 3;
    const embed = (secret: string) => 'p'.repeat(prefixLength) + secret + 'tail';
    it(`base64 and base64url of the secret after ${prefixLength} bytes (offset ${offset})`, () => {
      expect(formsFound(`x ${b64(embed(SECRET))} y`)).toContain(`base64(offset ${offset})`);
      expect(formsFound(`x ${b64url(embed(SECRET))} y`)).toContainEqual(
        expect.stringMatching(new RegExp(`^base64(url)?\\(offset ${offset}\\)$`)),
      );
      const urlOnly = formsFound(`x ${b64url(embed(URL_DISTINCT))} y`, URL_DISTINCT);
      expect(urlOnly).toEqual([`base64url(offset ${offset})`]);
    });
  }

  it('inside a Basic header, raw or form-encoded as RFC 6749 requires', () => {
    for (const clientId of ['cc', 'cc-basic', 'client']) {
      const raw = `Authorization: Basic ${b64(`${clientId}:${SECRET}`)}`;
      const encoded = `Authorization: Basic ${b64(`${form(clientId)}:${form(SECRET)}`)}`;
      const offset = (clientId.length + 1) % 3;
      expect(formsFound(raw)).toContain(`base64(offset ${offset})`);
      expect(formsFound(encoded)).toContain(`base64(form-encoded, offset ${offset})`);
    }
  });

  it('one base64 line of a multi-line (PEM) secret', () => {
    const body = randomBytes(96)
      .toString('base64')
      .match(/.{1,64}/g)!;
    const pem = ['-----BEGIN PRIVATE KEY-----', ...body, '-----END PRIVATE KEY-----'].join('\n');
    const leaks = scanForLeaks({ secrets: [pem], texts: { log: `oops ${body[1]} oops` } });
    expect(leaks.map((l) => l.form)).toContain('line 3 raw');
    expect(scanForLeaks({ secrets: [pem], texts: { log: '-----END PRIVATE KEY-----' } })).toEqual([]);
  });
});

describe('scanForLeaks on clean input', () => {
  it('passes a text that holds other values and near misses', () => {
    const text = [
      `Basic ${b64(`cc:${OTHER}`)}`,
      SECRET.slice(0, -1),
      b64(SECRET.slice(1, -1)).slice(0, 8),
      encodeURIComponent(OTHER),
      '::add-mask::***',
    ].join('\n');
    expect(scanForLeaks({ secrets: [SECRET], texts: { out: text } })).toEqual([]);
    expect(() => assertNoLeaks({ secrets: [SECRET], texts: { out: text } })).not.toThrow();
  });
});

describe('assertNoLeaks', () => {
  it('names the secret, the form and the place, and never the secret', () => {
    const text = `ok\nAuthorization: Basic ${b64(`id:${form(SECRET)}`)}\n`;
    let message = '';
    try {
      assertNoLeaks({ secrets: [OTHER, SECRET], texts: { GITHUB_OUTPUT: text } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('secret #2 found as base64(form-encoded, offset 0) in GITHUB_OUTPUT (line 2)');
    for (const { pattern } of secretForms(SECRET)) expect(message).not.toContain(pattern);
  });

  it('uses labels when secrets are given by name', () => {
    expect(() => assertNoLeaks({ secrets: { client_secret: SECRET }, texts: { stderr: SECRET } })).toThrow(
      'client_secret found as raw in stderr (line 1)',
    );
  });

  it('refuses secrets too short to scan for, and an empty list, as a setup error', () => {
    expect(() => scanForLeaks({ secrets: [OTHER, 'abc'], texts: {} })).toThrow(LeakScanSetupError);
    expect(() => scanForLeaks({ secrets: [OTHER, 'abc'], texts: {} })).toThrow(/secret #2 is shorter than 6/);
    expect(() => scanForLeaks({ secrets: [], texts: { a: 'b' } })).toThrow(LeakScanSetupError);
  });
});

describe('files and directories', () => {
  const root = mkdtempSync(join(tmpdir(), 'leak-scanner-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads every regular file under the directories and the listed files', () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'deep', 'er'), { recursive: true });
    writeFileSync(join(workspace, 'clean.txt'), 'nothing here');
    writeFileSync(join(workspace, 'deep', 'er', 'creds.json'), JSON.stringify({ auth: b64(`x${SECRET}`) }));
    symlinkSync(join(workspace, 'deep'), join(workspace, 'loop'));
    const output = join(root, 'GITHUB_OUTPUT');
    writeFileSync(output, `token<<EOF\n${SECRET}\nEOF\n`);

    const leaks = scanForLeaks({
      secrets: [SECRET],
      dirs: [workspace, join(root, 'missing-dir')],
      files: [output, join(root, 'GITHUB_STATE')],
    });
    expect(leaks).toEqual([
      { secret: 'secret #1', form: 'raw', place: output, line: 2 },
      {
        secret: 'secret #1',
        form: 'base64(offset 1)',
        place: join(workspace, 'deep', 'er', 'creds.json'),
        line: 1,
      },
    ]);
  });

  it('catches a secret in a file name without echoing it', () => {
    const dir = join(root, 'names');
    mkdirSync(dir);
    writeFileSync(join(dir, `token-${OTHER}.txt`), 'clean');
    const leaks = scanForLeaks({ secrets: [OTHER], dirs: [dir] });
    expect(leaks).toHaveLength(1);
    expect(leaks[0]!.place).toBe(`name of ${join(dir, 'token-[secret #1].txt')}`);
  });
});
