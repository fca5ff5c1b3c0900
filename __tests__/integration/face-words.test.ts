/**
 * Each face speaks its own words (issue 20, item 7). The catalogue below drives every error the
 * token path can end in — settings that do not fit, each refusal a token endpoint can give,
 * discovery, rate limits, validation — through the app exactly as each face calls it, with the
 * settings given the way that face takes them (Action inputs, CLI flags). What the Action would
 * print must name no CLI flag (`--scope`); what the CLI would print must name no Action input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Method } from '../../src/app/methods.ts';
import { obtainToken } from '../../src/app/obtain.ts';
import { resetSecretsForTest } from '../../src/core/secrets.ts';
import { type Face, resolveSettings } from '../../src/core/settings.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type Behaviour, fault } from '../../test-support/fault-front.ts';
import { testKeys } from '../../test-support/keys.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

const SECRET = 'face-words-s3cret-value-0123';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----';
let realKey = '';
beforeAll(async () => {
  realKey = (await testKeys()).client.es256.privatePem;
});

interface Scenario {
  /** Settings as the user gives them: Action inputs or CLI flags, by setting key. */
  flags: (url: string) => Record<string, string>;
  env?: Record<string, string>;
  method?: Method;
  token?: string;
  validate?: 'always' | 'never' | 'given';
  params?: Record<string, string>;
  /** What the fault front answers, in order. */
  serve?: (url: string) => Behaviour[];
}

const cc = (url: string, extra: Record<string, string> = {}) => ({
  clientId: 'reports-bot',
  tokenEndpoint: `${url}/token`,
  ...extra,
});
const refusedWith =
  (body: unknown, status = 400) =>
  () => [fault.json(status, body)];
const minted = fault.json(200, {
  access_token: 'minted-access-token-0123456789',
  token_type: 'Bearer',
  expires_in: 300,
});
const metadata = (url: string, extra: Record<string, unknown> = {}) => ({ issuer: url, ...extra });

/** Every way the token path can fail that names something a user sets. */
const CATALOGUE: Record<string, Scenario> = {
  'no client id': { flags: (u) => ({ tokenEndpoint: `${u}/token` }) },
  'no secret or key': { flags: (u) => cc(u), env: { TOKENRELAY_CLIENT_SECRET: '' } },
  'an unreadable key': { flags: (u) => cc(u, { privateKey: KEY_PEM }) },
  'both a secret and a key': { flags: (u) => cc(u, { privateKey: realKey }) },
  'federation without a CI token': {
    flags: (u) => cc(u),
    method: 'oidc',
    env: { TOKENRELAY_CLIENT_SECRET: '' },
  },
  'jwt-bearer without a key': {
    flags: (u) => cc(u, { grant: 'jwt-bearer' }),
    env: { TOKENRELAY_CLIENT_SECRET: '' },
  },
  'an unknown client-auth method': { flags: (u) => cc(u, { clientAuth: 'mtls' }) },
  'private_key_jwt without a key': { flags: (u) => cc(u, { clientAuth: 'private_key_jwt' }) },
  'a reserved extra parameter': { flags: (u) => cc(u), params: { client_id: 'x' } },
  'invalid_client under Basic': { flags: (u) => cc(u), serve: refusedWith({ error: 'invalid_client' }, 401) },
  'invalid_client under post': {
    flags: (u) => cc(u, { clientAuth: 'client_secret_post' }),
    serve: refusedWith({ error: 'invalid_client' }, 401),
  },
  'a 401 without a body': { flags: (u) => cc(u), serve: () => [fault.text(401, '', 'text/plain')] },
  'a 403 without a body': {
    flags: (u) => cc(u, { scope: 'reports:write' }),
    serve: () => [fault.text(403, '', 'text/plain')],
  },
  'invalid_scope, no scope asked': { flags: (u) => cc(u), serve: refusedWith({ error: 'invalid_scope' }) },
  'scope_invalid, a scope asked': {
    flags: (u) => cc(u, { scope: 'x' }),
    serve: refusedWith({ error: 'scope_invalid' }),
  },
  invalid_target: {
    flags: (u) => cc(u, { resource: 'https://api.example.test' }),
    serve: refusedWith({ error: 'invalid_target' }),
  },
  'access_denied, no audience': { flags: (u) => cc(u), serve: refusedWith({ error: 'access_denied' }, 403) },
  'access_denied, an audience': {
    flags: (u) => cc(u, { audience: 'api' }),
    serve: refusedWith({ error: 'access_denied' }, 403),
  },
  invalid_request: { flags: (u) => cc(u), serve: refusedWith({ error: 'invalid_request' }) },
  invalid_grant: { flags: (u) => cc(u), serve: refusedWith({ error: 'invalid_grant' }) },
  unauthorized_client: { flags: (u) => cc(u), serve: refusedWith({ error: 'unauthorized_client' }) },
  unsupported_grant_type: { flags: (u) => cc(u), serve: refusedWith({ error: 'unsupported_grant_type' }) },
  'an unknown error code': { flags: (u) => cc(u), serve: refusedWith({ error: 'weird_thing' }) },
  'a 404 token endpoint': { flags: (u) => cc(u), serve: () => [fault.text(404, 'Not Found', 'text/html')] },
  'a 404 token endpoint from metadata': {
    flags: (u) => ({ clientId: 'reports-bot', issuer: u }),
    serve: (u) => [
      fault.json(200, metadata(u, { token_endpoint: `${u}/token` })),
      fault.text(404, 'Not Found', 'text/html'),
    ],
  },
  'a redirect': { flags: (u) => cc(u), serve: (u) => [fault.redirect(`${u}/token/`, 301)] },
  'a 500 on every attempt': { flags: (u) => cc(u), serve: () => [fault.text(500, 'oops', 'text/plain')] },
  'a 429 asking for longer than the budget': {
    flags: (u) => cc(u),
    serve: () => [fault.json(429, { error: 'slow_down' }, { 'x-retry-after': '600' })],
  },
  'an invalid expires_in': {
    flags: (u) => cc(u),
    serve: () => [
      fault.json(200, { access_token: 'a-token-0123456789', token_type: 'Bearer', expires_in: 'soon' }),
    ],
  },
  'no discovery document': {
    flags: (u) => ({ clientId: 'reports-bot', issuer: `${u}/tenant` }),
    serve: () => Array.from({ length: 3 }, () => fault.text(404, 'Not Found', 'text/plain')),
  },
  'a discovery document for another issuer': {
    flags: (u) => ({ clientId: 'reports-bot', issuer: u }),
    serve: () => [fault.json(200, metadata('https://other.example.test'))],
  },
  'metadata without a token endpoint': {
    flags: (u) => ({ clientId: 'reports-bot', issuer: u }),
    serve: (u) => [fault.json(200, metadata(u))],
  },
  'validation: no API URL': {
    flags: () => ({}),
    method: 'token',
    token: 'a-given-key-0123456789',
    validate: 'always',
  },
  'validation: a key wanted in another header': {
    flags: (u) => ({ apiUrl: u }),
    method: 'token',
    token: 'a-given-key-0123456789',
    validate: 'always',
    serve: () => [fault.json(401, { message: 'Missing X-API-Key header' })],
  },
  'validation: no profile endpoint': {
    flags: (u) => ({ apiUrl: u }),
    method: 'token',
    token: 'a-given-key-0123456789',
    validate: 'always',
    serve: () => [fault.json(404, {})],
  },
  'validation: a 500': {
    flags: (u) => ({ apiUrl: u }),
    method: 'token',
    token: 'a-given-key-0123456789',
    validate: 'always',
    serve: () => [fault.json(500, {})],
  },
  'validation: a tenant refused': {
    flags: (u) => ({ apiUrl: u, tenant: 'acme', workspace: 'main', workspaceHeader: 'X-Workspace' }),
    method: 'token',
    token: 'a-given-key-0123456789',
    validate: 'always',
    serve: () => [fault.json(403, {}), fault.json(200, { login: 'bot', tenants: ['globex'] })],
  },
  'validation: a minted token for no audience': {
    flags: (u) => cc(u, { apiUrl: u }),
    validate: 'always',
    serve: () => [minted, fault.json(401, { error: 'invalid_token' })],
  },
  'validation: a machine token at a userinfo endpoint': {
    flags: (u) => cc(u, { apiUrl: u, profilePath: '/userinfo' }),
    validate: 'always',
    serve: () => [minted, fault.json(404, {})],
  },
};

/** A CLI flag as users type it; never `--` alone, never inside a word or a URL. */
const CLI_FLAG = /(?:^|[\s(/'"`])--[a-z][a-z-]+/;
/** An Action input as messages name it: `input scope`, `the scope input`. */
const ACTION_INPUT = /\binput [a-z][a-z-]*|\b[a-z][a-z-]* input\b|\binputs?\b/i;

// A fresh front per test: a scenario that fails before asking leaves nothing queued behind.
const front = useFaultFront();
afterEach(() => resetSecretsForTest());

async function render(s: Scenario, face: Face): Promise<string> {
  for (const b of s.serve?.(front.url) ?? []) front.enqueue(b);
  const env = { TOKENRELAY_CLIENT_SECRET: SECRET, TOKENRELAY_RETRIES: '0', ...s.env };
  const err = await rejection(
    (async () => {
      const settings = resolveSettings({ flags: s.flags(front.url), env, face });
      return obtainToken({
        settings,
        env,
        ...(s.token ? { token: s.token } : {}),
        method: s.method ?? 'client-credentials',
        validate: s.validate ?? 'never',
        collaborators: { face, ...(s.params ? { extraParams: s.params } : {}) },
      });
    })(),
  );
  const said = err.describe();
  if (process.env.TOKENRELAY_SHOW_CATALOGUE) console.log(`[${face}] ${said}`);
  return said;
}

describe.each(Object.entries(CATALOGUE))('%s', (_name, scenario) => {
  it('the Action names no CLI flag', async () => {
    const said = await render(scenario, 'action');
    expect(said).not.toMatch(CLI_FLAG);
  });

  it('the CLI names no Action input', async () => {
    const said = await render(scenario, 'cli');
    expect(said).not.toMatch(ACTION_INPUT);
  });
});

/** The strings of a face's own files (imports and comments left out). */
function literals(dir: string): { file: string; text: string }[] {
  const root = fileURLToPath(new URL(`../../src/${dir}/`, import.meta.url));
  const found: { file: string; text: string }[] = [];
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    if (!name.endsWith('.ts')) continue;
    const source = readFileSync(join(root, name), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/^\s*(?:import|export) .* from '[^']+';$/gm, '');
    for (const m of source.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)) {
      found.push({ file: `${dir}/${name}`, text: m[0] });
    }
  }
  return found;
}

describe("the faces' own files", () => {
  it('no string in src/action spells a CLI flag', () => {
    const all = literals('action');
    // The scan itself works: the CLI's files do spell flags, and this reads them.
    expect(literals('cli').some((l) => CLI_FLAG.test(l.text.slice(1, -1)))).toBe(true);
    expect(all.length).toBeGreaterThan(50);
    const offending = all.filter((l) => CLI_FLAG.test(l.text.slice(1, -1)));
    expect(offending).toEqual([]);
  });

  it('no string in src/cli names an Action input', () => {
    const offending = literals('cli').filter((l) => ACTION_INPUT.test(l.text.slice(1, -1)));
    expect(offending).toEqual([]);
  });
});
