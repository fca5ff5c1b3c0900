import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenRelayError } from '../../src/core/errors.ts';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { proxyUrlFor } from '../../src/http/index.ts';

// The proxy decision alone: which proxy a URL would use under which environment.
// Nothing here opens a socket.

// The environment is handed in, as the transport hands it: nothing of the process's is read.
let env: Record<string, string>;
beforeEach(() => {
  env = {};
});
afterEach(() => resetSecretsForTest());

const proxyFor = async (url: string) => (await proxyUrlFor(new URL(url), env))?.href;

describe('proxyUrlFor', () => {
  it('uses no proxy when none is configured', async () => {
    expect(await proxyFor('https://idp.example.com/token')).toBeUndefined();
  });

  it('uses HTTPS_PROXY for an https target', async () => {
    env.HTTPS_PROXY = 'http://proxy.corp:3128';
    expect(await proxyFor('https://idp.example.com/token')).toBe('http://proxy.corp:3128/');
  });

  it('prefers lowercase https_proxy, as the runner does', async () => {
    env.HTTPS_PROXY = 'http://upper.corp:3128';
    env.https_proxy = 'http://lower.corp:3128';
    expect(await proxyFor('https://idp.example.com/token')).toBe('http://lower.corp:3128/');
  });

  it('does not use HTTP_PROXY for an https target', async () => {
    env.HTTP_PROXY = 'http://proxy.corp:3128';
    expect(await proxyFor('https://idp.example.com/token')).toBeUndefined();
  });

  it('accepts a bare host as a proxy', async () => {
    env.HTTPS_PROXY = 'proxy.corp';
    expect(await proxyFor('https://idp.example.com/token')).toBe('http://proxy.corp/');
  });

  it('refuses host:port without a scheme rather than silently going direct (exit 2)', async () => {
    env.https_proxy = 'proxy.corp:3128';
    const err = await proxyUrlFor(new URL('https://idp.example.com/token'), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRelayError);
    expect((err as TokenRelayError).exitCode).toBe(2);
    expect((err as TokenRelayError).describe()).toMatch(
      /^https_proxy is set but names no proxy host.*http:\/\//,
    );
  });

  it('refuses a proxy URL it cannot decode rather than silently going direct (exit 2)', async () => {
    env.HTTPS_PROXY = 'http://user:pa%zzword@proxy.corp:3128';
    const err = await proxyUrlFor(new URL('https://idp.example.com/token'), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRelayError);
    expect((err as TokenRelayError).exitCode).toBe(2);
    expect((err as TokenRelayError).describe()).toMatch(/^HTTPS_PROXY is set but is not a URL/);
    expect((err as TokenRelayError).describe()).not.toContain('pa%zz');
    // NO_PROXY still wins: a bypassed host never reads the variable.
    env.NO_PROXY = 'idp.example.com';
    expect(await proxyFor('https://idp.example.com/token')).toBeUndefined();
  });

  it.each([
    ['idp.example.com', 'https://idp.example.com/token'],
    ['example.com', 'https://idp.example.com/token'],
    ['.example.com', 'https://idp.example.com/token'],
    ['other.org, idp.example.com:443', 'https://idp.example.com/token'],
    ['*', 'https://idp.example.com/token'],
  ])('NO_PROXY=%s bypasses %s', async (noProxy, url) => {
    env.HTTPS_PROXY = 'http://proxy.corp:3128';
    env.NO_PROXY = noProxy;
    expect(await proxyFor(url)).toBeUndefined();
  });

  it('NO_PROXY for another host or port does not bypass', async () => {
    env.HTTPS_PROXY = 'http://proxy.corp:3128';
    env.NO_PROXY = 'other.org,idp.example.com:8443,ample.com';
    expect(await proxyFor('https://idp.example.com/token')).toBe('http://proxy.corp:3128/');
  });

  it.each([
    'http://127.0.0.1:8080/token',
    'http://localhost/token',
    'http://[::1]/token',
    'https://127.0.0.2/',
  ])('never proxies loopback (%s)', async (url) => {
    env.HTTPS_PROXY = 'http://proxy.corp:3128';
    env.HTTP_PROXY = 'http://proxy.corp:3128';
    expect(await proxyFor(url)).toBeUndefined();
  });

  it('registers proxy credentials as secrets, in the form the tunnel sends them', async () => {
    env.HTTPS_PROXY = 'http://alice:pr0xy-pa55@proxy.corp:3128';
    const proxy = await proxyUrlFor(new URL('https://idp.example.com/token'), env);
    expect(proxy?.host).toBe('proxy.corp:3128');
    expect(isSecret('pr0xy-pa55')).toBe(true);
    expect(isSecret(Buffer.from('alice:pr0xy-pa55').toString('base64'))).toBe(true);
  });

  it('refuses a proxy scheme it cannot speak (exit 2)', async () => {
    env.HTTPS_PROXY = 'socks5://proxy.corp:1080';
    const err = await proxyUrlFor(new URL('https://idp.example.com/token'), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRelayError);
    expect((err as TokenRelayError).exitCode).toBe(2);
    expect((err as TokenRelayError).message).toMatch(/^HTTPS_PROXY uses socks5:/);
  });
});
