import { beforeEach, describe, expect, it } from 'vitest';
import { redactToken } from '../../src/core/redact.ts';
import { secretForms } from '../../src/core/secret-forms.ts';
import { onSecret, registerSecret, resetSecretsForTest, scrub, WITHHELD } from '../../src/core/secrets.ts';
import { maskToken } from '../../src/export/github.ts';
import type { Runner } from '../../src/export/runner.ts';
import { scanForLeaks } from '../../test-support/leak-scanner.ts';
import { sampleToken } from './export-fixtures.ts';

beforeEach(() => resetSecretsForTest());

describe('secret registry', () => {
  it('scrubs the raw value and the forms it takes on the wire', () => {
    const secret = 'p@ss word:%+/=&';
    registerSecret(secret);
    const basic = Buffer.from(secret).toString('base64');
    const text = `raw ${secret} enc ${encodeURIComponent(secret)} form ${new URLSearchParams({ s: secret }).toString()} b64 ${basic} json ${JSON.stringify({ s: secret })}`;
    const out = scrub(text);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain(basic);
    expect(out).toContain('***');
  });

  it('registers each line of a PEM key', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\nAbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n-----END PRIVATE KEY-----';
    const seen: string[] = [];
    onSecret((v) => seen.push(v));
    registerSecret(pem);
    expect(seen).toContain('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789');
    expect(scrub('line: AbCdEfGhIjKlMnOpQrStUvWxYz0123456789')).toBe('line: ***');
  });

  it('a sink added later still sees earlier secrets', () => {
    registerSecret('early-secret-value');
    const seen: string[] = [];
    onSecret((v) => seen.push(v));
    expect(seen).toContain('early-secret-value');
  });
});

describe('a secret that is a word (issue 19 item 7)', () => {
  // Starring a word of tokenrelay's own text shows the secret: 'wrong *** (or the file…'.
  it.each([
    ['passphrase', 'Could not decrypt backup.jwe: wrong passphrase (or the file was altered).'],
    ['private', 'TOKENRELAY_PRIVATE_KEY is not a private key.'],
    ['PRIVATE_KEY', 'TOKENRELAY_PRIVATE_KEY is not a private key.'],
    ['client-secret', 'Give --client-secret-stdin or TOKENRELAY_CLIENT_SECRET.'],
    ['correct horse', 'The passphrase is wrong: correct horse battery staple.'],
    ['8443', 'Could not connect to 127.0.0.1:8443.'],
  ])('%s: a text holding it is withheld whole, never starred', (secret, text) => {
    registerSecret(secret);
    const out = scrub(text);
    expect(out).toBe(WITHHELD);
    expect(out).not.toContain('***');
    expect(scrub(out)).toBe(WITHHELD);
  });

  it('a text without it, and every other secret, are as before', () => {
    registerSecret('passphrase');
    registerSecret('s3cret-0123456789');
    expect(scrub('Exported 2 sessions.')).toBe('Exported 2 sessions.');
    expect(scrub('sent s3cret-0123456789')).toBe('sent ***');
  });

  it('a value under 4 characters is no secret: the message keeps its words', () => {
    registerSecret('key');
    expect(scrub('TOKENRELAY_PRIVATE_KEY is not a private key.')).toBe(
      'TOKENRELAY_PRIVATE_KEY is not a private key.',
    );
  });
});

describe('redaction for display', () => {
  it('shows at most the first 4 and last 4 characters: never more than a quarter of the token', () => {
    expect(redactToken('eyJhbGciOiJSUzI1NiJ9.payload.sigabcd')).toBe('eyJh…abcd');
    for (let length = 1; length <= 200; length++) {
      const token = 'x'.repeat(length);
      const shown = redactToken(token).replace(/[^x]/g, '').length;
      expect(shown, `length ${length}`).toBeLessThanOrEqual(length / 4);
    }
  });
  it('a token under 32 characters shows only its length', () => {
    expect(redactToken('tr_pat_0123456789abcdef')).toBe('(23 characters)');
    expect(redactToken('0123456789abcdef')).toBe('(16 characters)');
    expect(redactToken('x'.repeat(31))).toBe('(31 characters)');
    expect(redactToken('abcdefgh'.repeat(4))).toBe('abcd…efgh');
  });
});

describe('PEM keys', () => {
  it('masks the key lines but not the armour every key shares', () => {
    const seen: string[] = [];
    onSecret((v) => seen.push(v));
    registerSecret(
      '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXyZ\n-----END PRIVATE KEY-----',
    );
    expect(seen).toContain('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXyZ');
    expect(seen).not.toContain('-----BEGIN PRIVATE KEY-----');
    expect(scrub('-----BEGIN PRIVATE KEY-----')).toBe('-----BEGIN PRIVATE KEY-----');
  });
});

describe('one definition of derived forms: scrubber, masks and leak scanner agree', () => {
  const secret = 'cs_9f8e7d6c/5b4a+ =&"\\ü-client-secret';
  const clean = (text: string) => scanForLeaks({ secrets: { secret }, texts: { text } });

  it('the scrubber removes every form the leak scanner looks for', () => {
    registerSecret(secret);
    expect(secretForms(secret).length).toBeGreaterThan(20);
    for (const { form, pattern } of secretForms(secret)) {
      expect(clean(scrub(`before ${pattern} after`)), form).toEqual([]);
    }
  });

  it('a secret inside a longer base64 text (a Basic header) is scrubbed at every alignment', () => {
    registerSecret(secret);
    for (const prefix of ['', 'a', 'ab', 'client-id:', 'client-id1:']) {
      for (const alphabet of ['base64', 'base64url'] as const) {
        const header = `Authorization: Basic ${Buffer.from(`${prefix}${secret}`).toString(alphabet)}`;
        expect(clean(header).length, `${alphabet} after ${prefix.length} bytes`).toBeGreaterThan(0);
        expect(clean(scrub(header)), `${alphabet} after ${prefix.length} bytes`).toEqual([]);
      }
    }
    const hex = Buffer.from(secret).toString('hex');
    expect(clean(scrub(`dump ${hex} ${hex.toUpperCase()}`))).toEqual([]);
  });

  it("the Action masks every form of a token's secrets", () => {
    const masks: string[] = [];
    const runner = { addMask: (v: string) => masks.push(v) } as unknown as Runner;
    const token = sampleToken({ accessToken: secret });
    maskToken(token, runner);
    for (const { form, pattern } of secretForms(secret)) expect(masks, form).toContain(pattern);
  });
});

/**
 * secretForms skips encodings that leave a secret unchanged and computes each base64 fragment
 * once (start-up cost, issue 13); what it returns must not change. The reference is the
 * plain definition: every textual form, at every alignment, in both alphabets.
 */
function referenceForms(secret: string): { form: string; pattern: string }[] {
  const stable = (bytes: Buffer, offset: number, alphabet: 'base64' | 'base64url') =>
    Buffer.concat([Buffer.alloc(offset), bytes])
      .toString(alphabet)
      .slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const textual: [string, string][] = [
    ['raw', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['json-escaped', JSON.stringify(secret).slice(1, -1)],
  ];
  const forms = new Map<string, string>([[secret, 'raw']]);
  const add = (form: string, pattern: string) => {
    if (pattern.length >= 6 && !forms.has(pattern)) forms.set(pattern, form);
  };
  for (const [form, text] of textual) add(form, text);
  for (const [form, text] of textual) add(`${form} (lower-case escapes)`, lower(text));
  add('json-escaped (escaped slashes)', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'));
  // Other libraries' spellings: text only.
  const pct = (text: string, safe: string) =>
    Array.from(Buffer.from(text, 'utf8'), (b) =>
      b < 128 && /[A-Za-z0-9]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : b < 128 && safe.includes(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    ).join('');
  const unicode = (text: string, escaped: (unit: string) => boolean, upper: boolean) => {
    let out = '';
    for (const char of Array.from(text)) {
      if (!escaped(char)) out += JSON.stringify(char).slice(1, -1);
      else
        for (const unit of char.split('')) {
          const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
          out += `\\u${upper ? hex.toUpperCase() : hex}`;
        }
    }
    return out;
  };
  if (/[^A-Za-z0-9]/.test(secret)) {
    add('url-encoded (slashes kept)', pct(secret, '_.-~/'));
    add('url-encoded (path segment)', pct(secret, '-_.~$&+:=@'));
    add('url-encoded (RFC 3986)', pct(secret, '-_.~'));
    add(
      'json-escaped (.NET)',
      unicode(secret, (u) => /[+<>&'`"]|[^\x00-\x7f]/.test(u), true),
    );
    add(
      'json-escaped (HTML-safe)',
      unicode(secret, (u) => /[<>&='"]/.test(u), false),
    );
    add(
      'json-escaped (ASCII only)',
      unicode(secret, (u) => /[^\x00-\x7f]/.test(u), false),
    );
  }
  const bytes = Buffer.from(secret, 'utf8');
  add('hex', bytes.toString('hex'));
  add('HEX', bytes.toString('hex').toUpperCase());
  // base64 of every text that travels in a Basic header or a JSON document; base64url only of
  // what a JWT segment holds (raw and JSON).
  const wrapped: [string, string][] = [
    ...textual,
    ['form-encoded (strict)', pct(secret, ' ').replace(/ /g, '+')],
  ];
  for (const alphabet of ['base64', 'base64url'] as const)
    for (const [form, text] of wrapped)
      for (const offset of [0, 1, 2])
        if (alphabet === 'base64' || form === 'raw' || form === 'json-escaped')
          add(
            `${alphabet}(${form === 'raw' ? '' : `${form}, `}offset ${offset})`,
            stable(Buffer.from(text, 'utf8'), offset, alphabet),
          );
  add('base64', bytes.toString('base64'));
  add('base64url', bytes.toString('base64url'));
  return [...forms].map(([pattern, form]) => ({ form, pattern }));
}

describe('secretForms', () => {
  it('gives exactly the forms of the plain definition, names and order included', () => {
    const alphabet = Array.from('aZ09+/=&% ~-_.:"\\\n\té€😀');
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const samples = ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'p0st+s3cret&=/%25 ~Kd7', 'ab/cd'];
    for (let i = 0; i < 300; i++) {
      const length = 4 + Math.floor(random() * 40);
      samples.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    }
    for (const secret of samples)
      expect(secretForms(secret), JSON.stringify(secret)).toEqual(referenceForms(secret));
  });

  it('answers a repeated secret from memory, and what a caller adds stays with that caller', () => {
    const first = secretForms('s3cret-value/with+chars');
    first.push({ form: 'added by the caller', pattern: 'not-a-form-of-it' });
    const again = secretForms('s3cret-value/with+chars');
    expect(again).toEqual(first.slice(0, -1));
    expect(again.map((f) => f.pattern)).not.toContain('not-a-form-of-it');
  });
});
