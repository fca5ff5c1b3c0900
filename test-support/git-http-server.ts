/**
 * A git smart-HTTP server on 127.0.0.1: Debian's `git http-backend` as a CGI behind a small
 * Node server that lets a request through only with a token the suite's provider issued
 * (Basic with the token as password, or Bearer), answering 401 with a Basic challenge
 * otherwise — as a forge does. One bare repository, `repo.git`, with one commit; pushes allowed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presentedToken, type TokenGate } from './bearer-check.ts';

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT/repo.git` */
  repoUrl: string;
  /** `127.0.0.1:PORT`, as git names the host to its credential helpers. */
  host: string;
  /** The bare repositories' directory (git's own files: scanned for leaks by the tests). */
  root: string;
  /** Requests refused with 401 / let through, in order. */
  refused: number;
  served: number;
  close(): Promise<void>;
}

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Suite',
  GIT_AUTHOR_EMAIL: 'suite@example.test',
  GIT_COMMITTER_NAME: 'Suite',
  GIT_COMMITTER_EMAIL: 'suite@example.test',
};

function seedRepository(root: string): void {
  const work = mkdtempSync(join(tmpdir(), 'tokenrelay-gitseed-'));
  const git = (args: string[], cwd: string) =>
    execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV, HOME: work }, stdio: 'pipe' });
  git(['init', '-q', '-b', 'main', work], work);
  execFileSync('sh', ['-c', 'echo "hello from the suite" > README'], { cwd: work });
  git(['add', 'README'], work);
  git(['commit', '-q', '-m', 'first'], work);
  git(['clone', '-q', '--bare', work, join(root, 'repo.git')], work);
  git(['config', 'http.receivepack', 'true'], join(root, 'repo.git'));
}

export async function startGitHttpServer(gate: TokenGate): Promise<GitHttpServer> {
  const root = mkdtempSync(join(tmpdir(), 'tokenrelay-gitsrv-'));
  seedRepository(root);
  const state = { refused: 0, served: 0 };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await gate.accepts(presentedToken(req)))) {
      state.refused++;
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Basic realm="suite git"', 'content-type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    state.served++;
    cgi(req, res, root);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    repoUrl: `http://127.0.0.1:${port}/repo.git`,
    host: `127.0.0.1:${port}`,
    root,
    get refused() {
      return state.refused;
    },
    get served() {
      return state.served;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** RFC 3875 as `git http-backend` needs it: the request on stdin, headers and body on stdout. */
function cgi(req: IncomingMessage, res: ServerResponse, root: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const backend = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...GIT_ENV,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REMOTE_USER: 'suite',
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
  });
  req.pipe(backend.stdin);
  let head = Buffer.alloc(0);
  let started = false;
  backend.stdout.on('data', (chunk: Buffer) => {
    if (started) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    started = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  backend.stdout.on('end', () => res.end());
  backend.on('error', () => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
}
