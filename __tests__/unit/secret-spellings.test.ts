/**
 * Issue 19 item 4: how other languages' libraries spell a secret of the base64 alphabet in
 * URLs and JSON — Python's quote keeps `/`, .NET's System.Text.Json writes `+` as \u002B —
 * is masked, scrubbed and known to the leak scanner; and a secret costs few mask lines.
 * Python's spellings come from Python itself; the others are each library's documented output.
 */
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretForms } from '../../src/core/secret-forms.ts';
import { onSecret, registerSecret, resetSecretsForTest, scrub } from '../../src/core/secrets.ts';
import { basicCredentials, clientAuthentication } from '../../src/oauth/client-auth.ts';
import { scanForLeaks } from '../../test-support/leak-scanner.ts';

beforeEach(() => resetSecretsForTest());

const SECRET = 'q3Zk+9/Ab1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX=';
const python = (code: string): string =>
  execFileSync(
    '/usr/bin/python3',
    ['-c', `import sys, urllib.parse, json\ns = sys.argv[1]\n${code}`, SECRET],
    {
      encoding: 'utf8',
    },
  ).trimEnd();

describe('spellings of a base64-alphabet secret', () => {
  const spellings: Record<string, string> = {
    'Python urllib.parse.quote (keeps /)': python('print(urllib.parse.quote(s))'),
    'Python urllib.parse.quote_plus': python('print(urllib.parse.quote_plus(s))'),
    'Python json.dumps': python('print(json.dumps({"secret": s}))'),
    '.NET System.Text.Json (+ as \\u002B)': `{"secret":"${SECRET.replace(/\+/g, '\\u002B')}"}`,
    'Gson (= as \\u003d)': `{"secret":"${SECRET.replace(/=/g, '\\u003d')}"}`,
    'PHP json_encode (\\/)': `{"secret":"${SECRET.replace(/\//g, '\\/')}"}`,
    'Go url.PathEscape (keeps + and =)': SECRET.replace(/\//g, '%2F'),
    '.NET HttpUtility.UrlEncode (lower-case)': SECRET.replace(/\+/g, '%2b')
      .replace(/\//g, '%2f')
      .replace(/=/g, '%3d'),
    'a Basic header (RFC 6749 form encoding)': `Authorization: Basic ${basicCredentials('client-1', SECRET)}`,
  };

  it.each(
    Object.entries(spellings),
  )('%s: the leak scanner finds it and the scrubber removes it', (_name, text) => {
    expect(scanForLeaks({ secrets: { secret: SECRET }, texts: { text } }).length).toBeGreaterThan(0);
    registerSecret(SECRET);
    expect(scanForLeaks({ secrets: { secret: SECRET }, texts: { text: scrub(text) } })).toEqual([]);
  });

  it('a Basic header with every character oauth4webapi escapes is scrubbed too', () => {
    const secret = "a-b_c.d!e~f*g'h(i)j k";
    registerSecret(secret);
    for (const id of ['c', 'cl', 'cli']) {
      const header = `Basic ${basicCredentials(id, secret)}`;
      expect(scanForLeaks({ secrets: { secret }, texts: { header } }).length).toBeGreaterThan(0);
      expect(scanForLeaks({ secrets: { secret }, texts: { header: scrub(header) } })).toEqual([]);
    }
  });
});

describe('mask lines a secret costs', () => {
  /** What the runner would be told to mask for a client secret sent in a Basic header, and its token. */
  function masksFor(secret: string, token: string): { secret: number; both: number } {
    const masks: string[] = [];
    onSecret((m) => masks.push(m));
    registerSecret(secret);
    clientAuthentication({ clientId: 'ci-client', clientSecret: secret });
    const forSecret = masks.length;
    registerSecret(token);
    return { secret: forSecret, both: masks.length };
  }

  it('a base64 client secret and its JWT: at most 20 and 35 (were ~40 and 75)', () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJjbGllbnQiLCJzY29wZSI6InJlYWQiLCJleHAiOjE3OTY2MTMyMDB9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl';
    const counts = masksFor(SECRET, jwt);
    expect(counts.secret).toBeLessThanOrEqual(20);
    expect(counts.both).toBeLessThanOrEqual(35);
  });

  it('a secret with nothing to escape costs only its raw, hex and base64 forms', () => {
    const forms = secretForms('AbCdEfGh0123456789abcdefGHIJ').map((f) => f.form);
    for (const form of forms) expect(form).toMatch(/^(raw|hex|HEX|base64(url)?(\(offset \d\))?)$/);
    expect(forms.length).toBeLessThanOrEqual(11);
  });
});
