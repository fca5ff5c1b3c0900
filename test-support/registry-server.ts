/**
 * A container registry on 127.0.0.1: Debian's `docker-registry` (distribution 2.8) with token
 * authentication, and its token service — a small Node server that hands out registry tokens
 * only for a Basic password that is an access token the suite's provider issued. The registry
 * trusts the service's self-signed certificate (made with openssl), nothing else.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { presentedToken, type TokenGate } from './bearer-check.ts';
import { selfSignedCert } from './self-signed.ts';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
const SERVICE = 'suite-registry';
const ISSUER = 'suite-token-service';

export interface Registry {
  /** `127.0.0.1:PORT`, as image references and credHelpers name it. */
  host: string;
  /** Where the registry and its token service keep their files (scanned for leaks). */
  dir: string;
  /** The registry's own log (stdout and stderr), scanned for leaks. */
  log(): string;
  /** Registry tokens the service issued / refused. */
  issued: number;
  refused: number;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function scopes(url: URL) {
  return url.searchParams.getAll('scope').flatMap((scope) => {
    const [type, ...rest] = scope.split(':');
    const actions = rest.pop();
    const name = rest.join(':');
    return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
  });
}

export async function startRegistry(gate: TokenGate): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-registry-'));
  const { key, cert } = selfSignedCert(dir, { name: 'token-service', cn: 'suite token service', days: 2 });
  const signingKey = createPrivateKey(readFileSync(key));
  const der = Buffer.from(
    readFileSync(cert, 'utf8')
      .replace(/-----[^-]+-----/g, '')
      .replace(/\s+/g, ''),
    'base64',
  );
  const state = { issued: 0, refused: 0 };

  const service = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/token' || !(await gate.accepts(presentedToken(req)))) {
        state.refused++;
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="suite"' });
        res.end(
          '{"errors":[{"code":"UNAUTHORIZED","message":"a token from the suite provider is required"}]}',
        );
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ access: scopes(url) })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c: [der.toString('base64')] })
        .setIssuer(ISSUER)
        .setSubject('suite')
        .setAudience(url.searchParams.get('service') ?? SERVICE)
        .setIssuedAt(now)
        .setNotBefore(now - 5)
        .setExpirationTime(now + 300)
        .setJti(randomUUID())
        .sign(signingKey);
      state.issued++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }),
      );
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const servicePort = (service.address() as AddressInfo).port;

  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${createHash('sha256').update(dir).digest('hex')}`,
      'auth:',
      '  token:',
      `    realm: http://127.0.0.1:${servicePort}/token`,
      `    service: ${SERVICE}`,
      `    issuer: ${ISSUER}`,
      `    rootcertbundle: ${cert}`,
      '',
    ].join('\n'),
  );
  let log = '';
  const registry: ChildProcess = spawn(REGISTRY_BINARY, ['serve', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  registry.stdout?.on('data', (d) => (log += d));
  registry.stderr?.on('data', (d) => (log += d));
  await waitForPort(port, () => log);

  return {
    host: `127.0.0.1:${port}`,
    dir,
    log: () => log,
    get issued() {
      return state.issued;
    },
    get refused() {
      return state.refused;
    },
    async close() {
      registry.kill('SIGTERM');
      service.closeAllConnections();
      await new Promise<void>((resolve) => service.close(() => resolve()));
    },
  };
}

async function waitForPort(port: number, log: () => string): Promise<void> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`);
      await res.body?.cancel();
      if (res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not start:\n${log()}`);
}
