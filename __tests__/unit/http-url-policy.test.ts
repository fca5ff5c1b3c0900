import { describe, expect, it } from 'vitest';
import { assertSendableUrl, isLoopbackHost } from '../../src/http/index.ts';
import { thrown } from '../../test-support/expect-error.ts';

const refusal = (url: string) => thrown(() => assertSendableUrl(url, 'the token endpoint'));

describe('assertSendableUrl', () => {
  it.each([
    'https://idp.example.com/oauth2/token?x=1',
    'http://127.0.0.1:8080/token',
    'http://127.45.6.7/token',
    'http://[::1]:9000/token',
    'http://localhost:3000/token',
    'http://LOCALHOST/token',
  ])('allows %s', (url) => {
    expect(assertSendableUrl(url, 'the token endpoint').href).toBe(new URL(url).href);
  });

  it('refuses plain http to another host with exit 2, naming host and endpoint', () => {
    const err = refusal('http://example.com/token?client_secret=abc');
    expect(err.exitCode).toBe(2);
    expect(err.describe()).toBe(
      'Refusing to send credentials over plain http to example.com (the token endpoint). ' +
        'Use https://, or http:// only for 127.0.0.1/::1.',
    );
  });

  it.each([
    'http://10.0.0.1/token',
    'http://128.0.0.1/token',
    'http://127.0.0.1.example.com/token',
    'http://localhost.example.com/token',
    'http://[::2]/token',
    'http://[::ffff:127.0.0.1]/token',
  ])('treats %s as not loopback', (url) => {
    expect(refusal(url).message).toMatch(/plain http/);
  });

  it('refuses credentials in the URL without repeating them', () => {
    const err = refusal('https://alice-u:hunter2pass@idp.example.com/token');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/credentials in it/);
    expect(err.describe()).not.toMatch(/hunter2pass|alice-u/);
  });

  it.each([
    'ftp://idp.example.com/token',
    'file:///etc/passwd',
    'javascript:alert(1)',
  ])('refuses the scheme of %s', (url) => {
    expect(refusal(url).message).toMatch(/Only https:\/\/ is supported/);
  });

  it('refuses something that is not a URL, without echoing it', () => {
    const err = refusal('idp.example.com/token?secret=zzz');
    expect(err.exitCode).toBe(2);
    expect(err.describe()).not.toContain('zzz');
  });
});

describe('isLoopbackHost', () => {
  it('follows the parser’s normalised forms', () => {
    expect(isLoopbackHost(new URL('http://127.1/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0x7f.0.0.1/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[0:0:0:0:0:0:0:1]/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://127.0.0.1.nip.io/').hostname)).toBe(false);
  });
});
