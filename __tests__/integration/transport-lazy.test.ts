import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Startup time is measured, so the tunnelling agent (the `tunnel` package) must only be
 * evaluated when a request goes through a proxy. A fresh process records every package it
 * resolves while making a real request on loopback.
 */

const http = fileURLToPath(new URL('../../src/http/index.ts', import.meta.url));
const proxy = fileURLToPath(new URL('../../src/http/proxy.ts', import.meta.url));

const script = `
import { registerHooks } from 'node:module';
import { createServer } from 'node:http';
const loaded = [];
registerHooks({
  resolve(specifier, context, next) {
    if (!/^(node:|[./]|file:)/.test(specifier)) loaded.push(specifier);
    return next(specifier, context);
  },
});
const { createFetch, proxyUrlFor } = await import(${JSON.stringify(http)});
const { proxyRouteFor } = await import(${JSON.stringify(proxy)});
const server = createServer((_req, res) => res.writeHead(204).end());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const res = await createFetch({}, { what: 'x', retryable: true })('http://127.0.0.1:' + server.address().port + '/');
server.close();
if (process.argv[1] === 'decide') await proxyUrlFor(new URL('https://api.tokenrelay.test/'));
if (process.argv[1] === 'route') await proxyRouteFor(new URL('https://api.tokenrelay.test/'));
console.log(JSON.stringify({ status: res.status, loaded }));
`;

function run(env: Record<string, string>, mode = '') {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, mode], {
    env: { ...clean, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { status: number; loaded: string[] };
}

describe('the tunnelling agent loads lazily', () => {
  it('is not loaded when no proxy variable is set, even for a remote target', () => {
    expect(run({}, 'decide')).toEqual({ status: 204, loaded: [] });
  });

  it('is not loaded for loopback even with a proxy set', () => {
    expect(run({ HTTPS_PROXY: 'http://127.0.0.1:9' })).toEqual({ status: 204, loaded: [] });
  });

  it('is not loaded to decide on a proxy, only to go through one', () => {
    expect(run({ HTTPS_PROXY: 'http://127.0.0.1:9' }, 'decide').loaded).toEqual([]);
    expect(run({ HTTPS_PROXY: 'http://127.0.0.1:9' }, 'route').loaded).toContain('tunnel');
  });
});
