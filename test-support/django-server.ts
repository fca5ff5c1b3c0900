/**
 * Django OAuth Toolkit (Debian's python3-django-oauth-toolkit, stock settings) on 127.0.0.1:
 * an OAuth server nobody here wrote. test-support/django/serve.py migrates a sqlite database
 * in a temporary directory, creates the clients, binds a port the system picks and says which
 * on stdout; this waits until the server answers HTTP before handing it to a test.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

const SERVE = fileURLToPath(new URL('./django/serve.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const START_TIMEOUT_MS = 30_000;

export interface DjangoClient {
  clientId: string;
  clientSecret: string;
}

export interface DjangoOptions {
  /** OIDC_ENABLED (discovery at /o/.well-known/openid-configuration/). Default false: stock DOT. */
  oidc?: boolean;
  /** Discovery metadata that also names the revocation and introspection endpoints. */
  extendMetadata?: boolean;
  /** Django's DEBUG: a POST to a URL without its slash is a 500 (APPEND_SLASH) instead of a 301. */
  debug?: boolean;
  /** Another interpreter (the start-up test gives one that is not there). */
  python?: string;
}

export interface Introspection {
  active: boolean;
  scope?: string;
  client_id?: string;
}

export interface DjangoServer {
  /** Origin, e.g. http://127.0.0.1:PORT */
  url: string;
  /** DOT's issuer as its discovery document names it: `${url}/o`. */
  issuer: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  /** The suite's protected profile view. */
  profilePath: string;
  clients: { basic: DjangoClient; post: DjangoClient; introspector: DjangoClient };
  /** RFC 7662 introspection, authenticated as the introspector client. */
  introspect(token: string): Promise<Introspection>;
  /** The client's access tokens still live on the server (a suite-only view). */
  liveTokens(clientId: string): Promise<string[]>;
  close(): Promise<void>;
}

const newClient = (name: string): DjangoClient => ({
  clientId: `${name}-${randomBytes(4).toString('hex')}`,
  clientSecret: randomBytes(24).toString('base64url'),
});

export async function startDjango(options: DjangoOptions = {}): Promise<DjangoServer> {
  const dbDir = mkdtempSync(join(tmpdir(), 'tokenrelay-dot-'));
  const clients = {
    basic: newClient('dot-basic'),
    post: newClient('dot-post'),
    introspector: newClient('dot-intro'),
  };
  const python = options.python ?? PYTHON;
  const child = spawn(python, [SERVE], {
    env: {
      PATH: process.env.PATH ?? '',
      LANG: 'C.UTF-8',
      DOT_DB_DIR: dbDir,
      // Nothing written beside the sources: the suite writes only under tmp.
      PYTHONDONTWRITEBYTECODE: '1',
      ...(options.oidc ? { DOT_OIDC: '1' } : {}),
      ...(options.extendMetadata ? { DOT_EXTEND_METADATA: '1' } : {}),
      ...(options.debug ? { DOT_DEBUG: '1' } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const setup = Object.values(clients).map((c) => ({ client_id: c.clientId, client_secret: c.clientSecret }));
  // A child that dies before reading its setup (EPIPE) is reported by portFrom, with its stderr.
  child.stdin.on('error', () => {});
  child.stdin.end(JSON.stringify({ clients: setup }));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = async () => {
    // No pid: it never started, and there is nothing to wait for.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dbDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await portFrom(child, python, () => stderr);
    await untilAnswering(`http://127.0.0.1:${port}/o/token/`, () => stderr);
  } catch (e) {
    await stop();
    throw e;
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    issuer: `${url}/o`,
    tokenEndpoint: `${url}/o/token/`,
    revocationEndpoint: `${url}/o/revoke_token/`,
    profilePath: '/api/profile/',
    clients,
    introspect: (token) => introspect(`${url}/o/introspect/`, clients.introspector, token),
    liveTokens: async (clientId) => {
      const res = await fetch(`${url}/suite/live-tokens/?client_id=${encodeURIComponent(clientId)}`);
      return ((await res.json()) as { tokens: string[] }).tokens;
    },
    close: stop,
  };
}

/** One server for a test file, started before its tests and stopped after them. */
export function useDjango(options: DjangoOptions = {}): DjangoServer {
  let server: DjangoServer | undefined;
  beforeAll(async () => {
    server = await startDjango(options);
  }, START_TIMEOUT_MS + 5000);
  afterAll(async () => server?.close());
  const current = () => {
    if (!server) throw new Error('the Django server only runs inside a test');
    return server;
  };
  return new Proxy({} as DjangoServer, { get: (_t, key) => current()[key as keyof DjangoServer] });
}

function portFrom(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
  python: string,
  stderr: () => string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(`did not report its port within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The Django OAuth Toolkit server ${why}. Its stderr:\n${stderr()}`));
    };
    child.on('error', (e) => fail(`could not start (${python}: ${e.message}); run scripts/system-deps.sh`));
    child.on('close', (code) => fail(`exited (${code}) before listening`));
    child.stdout.on('data', (d) => {
      out += d;
      const line = /^\{"port": (\d+)\}$/m.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
  });
}

/** Until the server answers any HTTP status: listening is not yet serving. */
async function untilAnswering(url: string, stderr: () => string): Promise<void> {
  const end = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const status = await new Promise<number | undefined>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(undefined));
    });
    if (status !== undefined) return;
    if (Date.now() > end)
      throw new Error(`The Django OAuth Toolkit server never answered ${url}:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function introspect(url: string, client: DjangoClient, token: string): Promise<Introspection> {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  if (res.status !== 200) throw new Error(`introspection answered HTTP ${res.status}`);
  return (await res.json()) as Introspection;
}
