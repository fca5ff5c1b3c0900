import { beforeEach, describe, expect, it } from 'vitest';
import { redactToken } from '../../src/core/redact.ts';
import { onSecret, registerSecret, resetSecretsForTest, scrub } from '../../src/core/secrets.ts';

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

describe('redaction for display', () => {
  it('shows the first 8 and last 4 characters', () => {
    expect(redactToken('eyJhbGciOiJSUzI1NiJ9.payload.sigabcd')).toBe('eyJhbGci…abcd');
  });
  it('a short token shows its last 4 only', () => {
    expect(redactToken('tr_pat_12345')).toBe('…2345');
    expect(redactToken('abcd')).toBe('…');
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
