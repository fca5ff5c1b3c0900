/**
 * A real JWT issuer on 127.0.0.1 playing a CI's OIDC service. For GitHub it serves what
 * the runner's token service serves: `/.well-known/openid-configuration`, the JWKS, and
 * the ID token endpoint behind ACTIONS_ID_TOKEN_REQUEST_URL, which checks the bearer
 * request token and answers `{ "value": <JWT> }` for the requested audience. For GitLab it
 * mints `id_tokens`-style JWTs for a test to put in a variable. Bad tokens on request:
 * expired, signed by a key the JWKS does not hold, or unsigned (`alg: none`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, SignJWT } from 'jose';
import { generateTestKeyPair, type TestKeyPair } from './keys.ts';

export type CiSigning = 'own' | 'unknown-key' | 'none';

export interface CiTokenOptions {
  /** Default 300 s. */
  ttlSeconds?: number;
  /** Issue tokens whose `exp` lies this many seconds in the past. */
  expiredBy?: number;
  signing?: CiSigning;
  /** Claims to add or override (e.g. another `sub`). */
  claims?: Record<string, unknown>;
}

export interface CiIssuerRequest {
  path: string;
  audience: string | null;
  authorized: boolean;
  status: number;
}

export interface CiIssuer {
  /** `http://127.0.0.1:PORT`: the `iss` of every token it mints. */
  issuer: string;
  jwksUri: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL, with the `api-version` query GitHub's has. */
  requestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  /** The two variables a job with `permissions: id-token: write` gets. */
  githubEnv(): Record<string, string>;
  /** How the GitHub endpoint mints from now on (per test). */
  configure(options: CiTokenOptions): void;
  /** Every JWT the GitHub endpoint handed out, oldest first. */
  issued: string[];
  requests: CiIssuerRequest[];
  mintGitHub(audience: string, options?: CiTokenOptions): Promise<string>;
  mintGitLab(audience: string, options?: CiTokenOptions): Promise<string>;
  close(): Promise<void>;
}

export const GITHUB_REPO = 'octo/repo';
export const GITHUB_SUB = 'repo:octo/repo:ref:refs/heads/main';
export const GITLAB_PROJECT = 'group/project';
export const GITLAB_SUB = 'project_path:group/project:ref_type:branch:ref:main';

export function githubClaims(): Record<string, unknown> {
  return {
    sub: GITHUB_SUB,
    repository: GITHUB_REPO,
    repository_owner: 'octo',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    environment: 'prod',
    job_workflow_ref: 'octo/repo/.github/workflows/deploy.yml@refs/heads/main',
    workflow_ref: 'octo/repo/.github/workflows/deploy.yml@refs/heads/main',
    event_name: 'push',
    run_id: '1',
    runner_environment: 'github-hosted',
    actor: 'octocat',
  };
}

export function gitlabClaims(): Record<string, unknown> {
  return {
    sub: GITLAB_SUB,
    project_path: GITLAB_PROJECT,
    namespace_path: 'group',
    ref: 'main',
    ref_type: 'branch',
    ref_protected: 'true',
    pipeline_source: 'push',
    pipeline_id: '42',
    job_id: '7',
    user_login: 'jdoe',
  };
}

export async function startCiIssuer(initial: CiTokenOptions = {}): Promise<CiIssuer> {
  const own = await generateTestKeyPair('RS256', 'ci-issuer');
  // Same kid as the real key: only the signature gives it away.
  const stranger = await generateTestKeyPair('RS256', 'ci-issuer');
  const requestToken = `ghreq_${randomBytes(18).toString('base64url')}`;
  let options = initial;
  const issued: string[] = [];
  const requests: CiIssuerRequest[] = [];
  let issuer = '';

  const mint = (audience: string, base: Record<string, unknown>, o: CiTokenOptions) =>
    signCiToken({ issuer, audience, claims: { ...base, ...o.claims }, options: o, own, stranger });

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => json(res, 500, { message: String(e) }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    const record = (status: number, authorized: boolean) =>
      requests.push({ path: url.pathname, audience: url.searchParams.get('audience'), authorized, status });
    if (url.pathname === '/.well-known/openid-configuration') {
      record(200, true);
      return json(res, 200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      });
    }
    if (url.pathname === '/.well-known/jwks') {
      record(200, true);
      return json(res, 200, { keys: [own.publicJwk] });
    }
    if (url.pathname === '/_apis/oidc/token' && req.method === 'GET') {
      const authorized = req.headers.authorization === `Bearer ${requestToken}`;
      if (!authorized) {
        record(401, false);
        return json(res, 401, { message: 'Unauthorized' });
      }
      // GitHub's default audience is the URL of the repository owner.
      const audience = url.searchParams.get('audience') ?? 'https://github.com/octo';
      const value = await mint(audience, githubClaims(), options);
      issued.push(value);
      record(200, true);
      return json(res, 200, { count: 1, value });
    }
    record(404, false);
    return json(res, 404, { message: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const requestUrl = `${issuer}/_apis/oidc/token?api-version=2.0`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks`,
    requestUrl,
    requestToken,
    githubEnv: () => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    }),
    configure: (o) => {
      options = o;
    },
    issued,
    requests,
    mintGitHub: (audience, o = {}) => mint(audience, githubClaims(), o),
    mintGitLab: (audience, o = {}) => mint(audience, gitlabClaims(), o),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

interface SignInput {
  issuer: string;
  audience: string;
  claims: Record<string, unknown>;
  options: CiTokenOptions;
  own: TestKeyPair;
  stranger: TestKeyPair;
}

async function signCiToken({ issuer, audience, claims, options, own, stranger }: SignInput): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const ttl = options.ttlSeconds ?? 300;
  const exp = options.expiredBy !== undefined ? now - options.expiredBy : now + ttl;
  const iat = options.expiredBy !== undefined ? exp - ttl : now;
  const payload = { jti: randomUUID(), ...claims, iss: issuer, aud: audience, iat, nbf: iat, exp };
  if (options.signing === 'none') {
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
  }
  const key: CryptoKey = options.signing === 'unknown-key' ? stranger.privateKey : own.privateKey;
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: own.kid, typ: 'JWT' }).sign(key);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
