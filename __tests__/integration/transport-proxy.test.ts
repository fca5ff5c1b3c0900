import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenRelayError } from '../../src/core/errors.ts';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { createFetch, withRetries } from '../../src/http/index.ts';
import { selfSignedCert } from '../../test-support/self-signed.ts';

/**
 * End to end through a proxy without leaving loopback: the proxy answers CONNECT for
 * api.tokenrelay.test by splicing the tunnel onto a local TLS server holding a certificate
 * for that name. No DNS lookup happens (the client only ever connects to the proxy), and the
 * test trusts the certificate through the process's default CA list, the same list
 * NODE_EXTRA_CA_CERTS feeds, so the transport's TLS settings are exercised untouched.
 */

const NAME = 'api.tokenrelay.test';
const policy = { what: 'the token endpoint', retryable: true };

interface Seen {
  connects: { target: string; auth: string | undefined }[];
  plainRequests: number;
  tlsRequests: { method: string; path: string; host: string | undefined; body: string }[];
}

const seen: Seen = { connects: [], plainRequests: 0, tlsRequests: [] };
let connectStatus = 200;
let dir: string;
let cert: string;
let endpoint: https.Server;
let proxy: http.Server;
let proxyUrl: string;
let savedCAs: string[];

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokenrelay-proxy-'));
  const made = selfSignedCert(dir, { name: 'endpoint', cn: NAME, days: 1, san: `DNS:${NAME}` });
  cert = readFileSync(made.cert, 'utf8');

  endpoint = https.createServer({ cert, key: readFileSync(made.key) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.tlsRequests.push({ method: req.method ?? '', path: req.url ?? '', host: req.headers.host, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'through-the-tunnel', token_type: 'Bearer' }));
    });
  });
  const endpointPort = await listen(endpoint);

  proxy = http.createServer((_req, res) => {
    // Absolute-URI forwarding is what a proxy does for plain http; we must never need it.
    seen.plainRequests++;
    res.writeHead(502).end();
  });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.connects.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    if (connectStatus !== 200 || req.url !== `${NAME}:443`) {
      client.end(`HTTP/1.1 ${connectStatus === 200 ? 403 : connectStatus} Forbidden\r\n\r\n`);
      return;
    }
    const upstream = net.connect(endpointPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;

  savedCAs = tls.getCACertificates('default');
});

afterAll(async () => {
  tls.setDefaultCACertificates(savedCAs);
  proxy.closeAllConnections();
  endpoint.closeAllConnections();
  await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => endpoint.close(r))]);
  rmSync(dir, { recursive: true, force: true });
});

/** The environment the transport is handed (the proxy variables), fresh for each test. */
let env: Record<string, string>;

beforeEach(() => {
  seen.connects.length = 0;
  seen.tlsRequests.length = 0;
  seen.plainRequests = 0;
  connectStatus = 200;
  env = { HTTPS_PROXY: proxyUrl };
  tls.setDefaultCACertificates([...savedCAs, cert]);
});

afterEach(() => {
  tls.setDefaultCACertificates(savedCAs);
  resetSecretsForTest();
});

describe('through HTTPS_PROXY', () => {
  it('tunnels an https request with CONNECT and gets the answer', async () => {
    const res = await createFetch({ env }, policy)(`https://${NAME}/token?x=1`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ access_token: 'through-the-tunnel', token_type: 'Bearer' });
    expect(seen.connects).toEqual([{ target: `${NAME}:443`, auth: undefined }]);
    expect(seen.plainRequests).toBe(0);
    expect(seen.tlsRequests).toEqual([
      { method: 'POST', path: '/token?x=1', host: NAME, body: 'grant_type=client_credentials' },
    ]);
  });

  it('sends proxy credentials and registers them as secrets', async () => {
    env.HTTPS_PROXY = proxyUrl.replace('http://', 'http://bob:tunnel-pa55@');
    const res = await createFetch({ env }, policy)(`https://${NAME}/token`, {});
    expect(res.status).toBe(200);
    const expected = `Basic ${Buffer.from('bob:tunnel-pa55').toString('base64')}`;
    expect(seen.connects[0]?.auth).toBe(expected);
    expect(isSecret(expected.slice('Basic '.length))).toBe(true);
  });

  it('a refused CONNECT is exit 5 naming the proxy and the endpoint', async () => {
    connectStatus = 403;
    const err = await createFetch({ env }, policy)(`https://${NAME}/token`, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRelayError);
    expect((err as TokenRelayError).exitCode).toBe(5);
    expect((err as TokenRelayError).message).toBe(
      `The proxy ${new URL(proxyUrl).host} would not open a tunnel to the token endpoint (${NAME}): statusCode=403.`,
    );
    expect(seen.tlsRequests).toHaveLength(0);
  });

  it('an untrusted certificate is exit 5, points at NODE_EXTRA_CA_CERTS, and is not retried', async () => {
    tls.setDefaultCACertificates(savedCAs);
    const fetch = createFetch({ env }, policy);
    const sleep = async () => {};
    const err = await withRetries(() => fetch(`https://${NAME}/token`, {}), { sleep }, policy).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TokenRelayError);
    expect((err as TokenRelayError).exitCode).toBe(5);
    expect((err as TokenRelayError).message).toMatch(
      /^The TLS connection to the token endpoint \(api\.tokenrelay\.test\)/,
    );
    expect((err as TokenRelayError).hint).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(seen.connects).toHaveLength(1);
    expect(seen.tlsRequests).toHaveLength(0);
  });

  it('loopback targets skip the proxy even when it is set', async () => {
    const local = http.createServer((_req, res) => res.writeHead(204).end());
    const port = await listen(local);
    try {
      const res = await createFetch({ env }, policy)(`http://127.0.0.1:${port}/token`, {});
      expect(res.status).toBe(204);
      expect(seen.connects).toHaveLength(0);
      expect(seen.plainRequests).toBe(0);
    } finally {
      await new Promise((r) => local.close(r));
    }
  });
});
