/**
 * One verdict per token, (source × state): every cell runs the built CLI's `auth token` and
 * `auth status` against the suite's real provider and profile API, and they agree — the same
 * exit code and the same source. Where only the API can tell (a given or saved token it
 * refuses: `auth token` never asks it), status agrees with `validate`, which does.
 * Every run goes through the leak scanner.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiIssuer, type CiTokenOptions, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { tempDir } from '../../test-support/cli-process.ts';
import { TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { FEDERATION_CLIENT } from '../../test-support/provider.ts';
import type { CliRun } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';
import {
  ageSession,
  assertClean,
  cli,
  credentialsFile,
  login,
  type Machine,
  machine,
  storedSecrets,
} from './auth-session-fixtures.ts';

// The CI's own OIDC issuer first: the provider trusts it for federation when it starts.
const federation = {} as { ciIssuer: CiIssuer };
beforeAll(async () => {
  federation.ciIssuer = await startCiIssuer();
});
afterAll(() => federation.ciIssuer?.close());
const servers = useServers({ provider: { federation } });

/** A GitLab job: its id_token in TOKENRELAY_ID_TOKEN, exchanged by jwt-bearer. */
async function gitlabJob(options: CiTokenOptions = {}) {
  const ciToken = await federation.ciIssuer.mintGitLab(servers.provider.issuer, options);
  return {
    env: {
      GITLAB_CI: 'true',
      TOKENRELAY_ISSUER: servers.provider.issuer,
      TOKENRELAY_FEDERATION: 'jwt-bearer',
      TOKENRELAY_CLIENT_ID: FEDERATION_CLIENT,
      TOKENRELAY_ID_TOKEN: ciToken,
    },
    secrets: [ciToken],
  };
}

/** An unsigned JWT that expired `secondsAgo` ago: all a verdict reads of it is `exp`. */
function deadJwt(secondsAgo = 3600): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) - secondsAgo;
  return `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part({ sub: 'alice', exp })}.c2lnbmF0dXJl`;
}

const cc = (secret = servers.provider.clients.basic.clientSecret) => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: secret,
});

/** A live JWT from the real provider (client credentials), as a user would have pasted it. */
async function liveJwt(m: Machine): Promise<string> {
  const run = await cli(m, ['exchange'], cc());
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim();
}

/** Puts `token` in the saved-token record of `environment`, as if `auth login --with-token` had saved it. */
function replaceSavedToken(m: Machine, environment: string, token: string): void {
  const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8'));
  doc.credentials[environment].static.token = token;
  writeFileSync(credentialsFile(m), JSON.stringify(doc, null, 2), { mode: 0o600 });
}

async function savePat(m: Machine, token: string = TEST_API_KEYS.alicePat): Promise<void> {
  const saved = await cli(
    m,
    ['auth', 'login', '--api-url', servers.api.url, '--token-stdin', '--insecure-storage'],
    {},
    TEST_API_KEYS.alicePat,
  );
  expect(saved.code, saved.stderr).toBe(0);
  if (token !== TEST_API_KEYS.alicePat) replaceSavedToken(m, servers.api.url, token);
}

async function revokeRefreshToken(m: Machine): Promise<void> {
  const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8'));
  const session = doc.credentials[servers.api.url].oauth;
  const res = await fetch(servers.provider.revocationEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: session.refreshToken,
      token_type_hint: 'refresh_token',
      client_id: servers.provider.clients.native.clientId,
    }),
  });
  expect(res.status).toBe(200);
}

interface Cell {
  source: string;
  state: string;
  /** Makes the machine, and returns the command's extra arguments and environment. */
  setup: (m: Machine) => Promise<{ args?: string[]; env?: Record<string, string>; secrets?: string[] }>;
  /** The exit code both commands give, and the source both name (absent: nothing answers). */
  code: number;
  answers?: string;
  /** Only the API knows: `auth token` hands the token out (exit 0), status and validate say 4. */
  apiRejects?: true;
  /** Sources status says it passed over as expired. */
  skipped?: string[];
  /** How status says this ask got the token. */
  obtained?: 'minted' | 'cached' | 'refreshed';
}

const API = () => ({ TOKENRELAY_API_URL: servers.api.url });
const garbage = 'tr_pat_garbage_0123456789abcdef';

const CELLS: Cell[] = [
  // --token
  {
    source: 'flag',
    state: 'live',
    setup: async (m) => {
      const t = await liveJwt(m);
      return { args: ['--token', t], secrets: [t] };
    },
    code: 0,
    answers: 'flag',
  },
  {
    source: 'flag',
    state: 'unknown',
    setup: async () => ({ args: ['--token', TEST_API_KEYS.alicePat], env: API() }),
    code: 0,
    answers: 'flag',
  },
  {
    source: 'flag',
    state: 'expired',
    setup: async () => ({ args: ['--token', deadJwt()] }),
    code: 4,
    answers: 'flag',
    skipped: ['--token'],
  },
  {
    source: 'flag',
    state: 'expired, client credentials configured',
    setup: async () => ({ args: ['--token', deadJwt()], env: cc() }),
    code: 0,
    answers: 'client-credentials',
    skipped: ['--token'],
    obtained: 'minted',
  },
  {
    source: 'flag',
    state: 'rejected by the API',
    setup: async () => ({ args: ['--token', garbage], env: API() }),
    code: 0,
    answers: 'flag',
    apiRejects: true,
  },
  // TOKENRELAY_TOKEN
  {
    source: 'env',
    state: 'live',
    setup: async (m) => {
      const t = await liveJwt(m);
      return { env: { TOKENRELAY_TOKEN: t }, secrets: [t] };
    },
    code: 0,
    answers: 'env',
  },
  {
    source: 'env',
    state: 'expired',
    setup: async () => ({ env: { TOKENRELAY_TOKEN: deadJwt() } }),
    code: 4,
    answers: 'env',
    skipped: ['TOKENRELAY_TOKEN'],
  },
  {
    source: 'env',
    state: 'expired, client credentials configured',
    setup: async () => ({ env: { TOKENRELAY_TOKEN: deadJwt(), ...cc() } }),
    code: 0,
    answers: 'client-credentials',
    skipped: ['TOKENRELAY_TOKEN'],
    obtained: 'minted',
  },
  {
    source: 'env',
    state: 'rejected by the API',
    setup: async () => ({ env: { TOKENRELAY_TOKEN: garbage, ...API() } }),
    code: 0,
    answers: 'env',
    apiRejects: true,
  },
  // a token saved by `auth login --with-token`
  {
    source: 'stored token',
    state: 'unknown (a PAT)',
    setup: async (m) => {
      await savePat(m);
      return { env: API() };
    },
    code: 0,
    answers: 'stored-token',
  },
  {
    source: 'stored token',
    state: 'expired',
    setup: async (m) => {
      await savePat(m, deadJwt());
      return { env: API() };
    },
    code: 4,
    answers: 'stored-token',
    skipped: ['stored token (file ~/config/credentials.json)'],
  },
  {
    source: 'stored token',
    state: 'rejected by the API',
    setup: async (m) => {
      await savePat(m, garbage);
      return { env: API() };
    },
    code: 0,
    answers: 'stored-token',
    apiRejects: true,
  },
  // an OAuth session from `auth login`
  {
    source: 'stored session',
    state: 'live',
    setup: async (m) => {
      await login(m, servers.provider, { apiUrl: servers.api.url });
      return { env: API() };
    },
    code: 0,
    answers: 'stored-session',
  },
  {
    source: 'stored session',
    state: 'expired, refreshable',
    setup: async (m) => {
      await login(m, servers.provider, { apiUrl: servers.api.url });
      ageSession(m, servers.api.url, -10);
      return { env: API() };
    },
    code: 0,
    answers: 'stored-session',
    obtained: 'refreshed',
  },
  {
    source: 'stored session',
    state: 'expired, refresh token revoked (rejected)',
    setup: async (m) => {
      await login(m, servers.provider, { apiUrl: servers.api.url });
      await revokeRefreshToken(m);
      ageSession(m, servers.api.url, -10);
      return { env: API() };
    },
    code: 4,
    answers: 'stored-session',
  },
  // client credentials, and the token cache in front of them
  {
    source: 'client credentials',
    state: 'live (minted)',
    setup: async () => ({ env: cc() }),
    code: 0,
    answers: 'client-credentials',
    obtained: 'minted',
  },
  {
    source: 'client credentials',
    state: 'wrong secret (rejected)',
    setup: async () => ({ env: cc('wrong-secret-0123456789') }),
    code: 4,
    answers: 'client-credentials',
  },
  {
    source: 'client credentials',
    state: 'cached, no secret here',
    setup: async (m) => {
      const dir = `${m.home}/cache`;
      const first = await cli(m, ['exchange', '--cache-dir', dir], cc());
      expect(first.code, first.stderr).toBe(0);
      const { TOKENRELAY_CLIENT_SECRET: _, ...noSecret } = cc();
      return { env: { ...noSecret, TOKENRELAY_CACHE_DIR: dir }, secrets: [first.stdout.trim()] };
    },
    code: 0,
    answers: 'client-credentials',
    obtained: 'cached',
  },
  // CI federation: the job's own OIDC token, exchanged
  {
    source: 'federation',
    state: 'live (minted)',
    setup: () => gitlabJob(),
    code: 0,
    answers: 'federation',
    obtained: 'minted',
  },
  {
    source: 'federation',
    state: 'CI token signed by an unknown key (rejected)',
    setup: () => gitlabJob({ signing: 'unknown-key' }),
    code: 4,
    answers: 'federation',
  },
  {
    source: 'federation',
    state: 'CI token expired',
    setup: () => gitlabJob({ expiredBy: 120 }),
    code: 4,
    answers: 'federation',
  },
  // nothing at all
  { source: 'none', state: 'absent', setup: async () => ({}), code: 4 },
];

describe('auth token and auth status agree on every (source × state)', () => {
  it.each(CELLS.map((c) => [`${c.source} / ${c.state}`, c] as const))(
    '%s',
    async (_, cell) => {
      const m = machine();
      const { args = [], env = {}, secrets = [] } = await cell.setup(m);
      // Each command on its own copy of the machine: a refresh or a mint by one must not be
      // what the other finds. A session's refresh token rotates, so a copy's would be spent:
      // there status asks first and `auth token` then finds what status refreshed.
      const twin = cell.obtained === 'refreshed' ? m : clone(m);
      const status = await cli(twin, ['auth', 'status', '--json', ...args], env);
      const token = await cli(m, ['auth', 'token', '--json', ...args], env);
      const runs: CliRun[] = [token, status];

      expect(token.code, token.stderr).toBe(cell.code);
      expect(status.code, status.stdout).toBe(cell.apiRejects ? 4 : cell.code);
      const report = JSON.parse(status.stdout);
      if (cell.answers) {
        expect(report.source).toBe(cell.answers);
        expect(report.authenticated).toBe(!cell.apiRejects && cell.code === 0);
      } else {
        expect(report.error).toMatchObject({ code: 'auth', exit_code: 4 });
      }
      if (cell.code === 0) {
        const answer = JSON.parse(token.stdout);
        expect(answer.source).toBe(cell.answers);
        expect(report.source_label).toBe(answer.source_label);
        // A JWT's expiry is known wherever it came from, and both say the same (what each minted
        // or refreshed for itself lives as long, give or take the second it was issued in).
        if (cell.obtained === 'minted') {
          expect(Math.abs(Date.parse(report.expires_at) - Date.parse(answer.expires_at))).toBeLessThan(5000);
        } else {
          expect(report.expires_at).toBe(answer.expires_at);
        }
        secrets.push(answer.token);
      } else {
        // --json: the error as JSON on stdout, the same line for people on stderr.
        expect(JSON.parse(token.stdout).error).toMatchObject({ exit_code: cell.code });
        expect(token.stderr).toMatch(/^tokenrelay: /);
        if (cell.answers) expect(report.error).toEqual(JSON.parse(token.stdout).error);
      }
      const skipped = (report.checked ?? [])
        .filter((c: { verdict: string }) => c.verdict === 'expired')
        .map((c: { label: string }) => c.label);
      expect(skipped).toEqual(cell.skipped ?? []);
      if (cell.skipped && cell.code === 0) {
        for (const label of cell.skipped) {
          expect(token.stderr).toContain(`tokenrelay: warning: The token from ${label} expired at`);
        }
      }
      expect(report.obtained ?? undefined).toBe(cell.obtained);
      if (cell.apiRejects) {
        const validate = await cli(m, ['validate', ...args], env);
        expect(validate.code).toBe(4);
        runs.push(validate);
      }
      const all: Record<string, string> = {
        ...safeStored(m),
        secret: servers.provider.clients.basic.clientSecret,
      };
      secrets.forEach((s, i) => {
        all[`token ${i}`] = s;
      });
      // The token on stdout only as `auth token`'s answer.
      assertClean(m, all, runs, cell.code === 0 ? [JSON.parse(token.stdout).token] : []);
      assertClean(twin, { ...all, ...safeStored(twin) }, [], []);
    },
    60_000,
  );
});

/** The same machine, copied: its HOME, config and stored credentials as they are now. */
function clone(m: Machine): Machine {
  const home = tempDir('home');
  cpSync(m.home, home, { recursive: true });
  const configDir = join(home, 'config');
  return { home, cwd: m.cwd, configDir, env: { ...m.env, TOKENRELAY_CONFIG_DIR: configDir } };
}

function safeStored(m: Machine): Record<string, string> {
  try {
    return storedSecrets(m);
  } catch {
    return {};
  }
}
