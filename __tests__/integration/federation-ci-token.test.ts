/**
 * The CI token's life: fetched from the GitHub endpoint on our transport, renewed when a
 * retry outlives it, refused when a GitLab variable or a file has expired — and what goes
 * on the wire when no client is configured. Real servers on loopback: the CI issuer, and a
 * fault front as the token endpoint where a retry has to be forced.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { obtainToken } from '../../src/app/obtain.ts';
import { githubCiToken } from '../../src/ci/github-oidc.ts';
import { envCiToken, fileCiToken } from '../../src/ci/gitlab-oidc.ts';
import { decodeJwtClaims } from '../../src/ci/jwt-claims.ts';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { type FlagValues, resolveSettings } from '../../src/core/settings.ts';
import { type CiIssuer, startCiIssuer } from '../../test-support/ci-issuer.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type FaultFront, fault, startFaultFront } from '../../test-support/fault-front.ts';

let ci: CiIssuer;
let front: FaultFront;
const transport = { retries: 0, timeoutMs: 5000 };

beforeAll(async () => {
  ci = await startCiIssuer();
  front = await startFaultFront();
});
afterAll(async () => {
  await front.close();
  await ci.close();
});
beforeEach(() => {
  ci.configure({});
  ci.issued.length = 0;
  front.requests.length = 0;
  resetSecretsForTest();
});

const minted = { access_token: 'minted-access-token-0123456789', token_type: 'Bearer', expires_in: 300 };

function exchangeAtFront(flags: FlagValues, env: Record<string, string>) {
  const settings = resolveSettings({
    flags: { tokenEndpoint: `${front.url}/token`, federation: 'token-exchange', ...flags },
    env,
  });
  return obtainToken({
    settings,
    env,
    method: 'oidc',
    validate: 'never',
  });
}

const sentForm = () => front.requests.map((r) => new URLSearchParams(r.body));

describe('GitHub: the token service behind ACTIONS_ID_TOKEN_REQUEST_URL', () => {
  it('sends the request token as a bearer, asks for the audience, and registers both as secrets', async () => {
    const source = githubCiToken({ env: ci.githubEnv(), audience: 'https://api.example', transport });
    expect(isSecret(ci.requestToken)).toBe(true);
    const token = await source.current();
    expect(isSecret(token)).toBe(true);
    expect(decodeJwtClaims(token)?.aud).toBe('https://api.example');
    expect(ci.requests.at(-1)).toMatchObject({ audience: 'https://api.example', authorized: true });
    // Still fresh: the next attempt reuses it rather than asking again.
    expect(await source.current()).toBe(token);
    expect(ci.issued).toHaveLength(1);
  });

  it('renews a token that has run short when asked again later', async () => {
    let now = Date.now();
    const source = githubCiToken({ env: ci.githubEnv(), transport, now: () => now });
    const first = await source.current();
    now += 290_000; // 10 s left of 300: too little to send
    const second = await source.current();
    expect(second).not.toBe(first);
    expect(ci.issued).toEqual([first, second]);
  });

  it('a retried exchange carries a fresh CI token when the last one ran short', async () => {
    ci.configure({ ttlSeconds: 20 }); // under the renewal margin: every attempt renews
    front.enqueue(fault.json(503, { error: 'temporarily_unavailable' }), fault.json(200, minted));
    const token = await exchangeAtFront({ retries: '1' }, { GITHUB_ACTIONS: 'true', ...ci.githubEnv() });
    expect(token.accessToken).toBe(minted.access_token);
    const subjects = sentForm().map((f) => f.get('subject_token'));
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).not.toBe(subjects[1]);
    for (const s of subjects) expect(ci.issued).toContain(s);
  });

  it('a refused request token is exit 4, and the URL is not echoed', async () => {
    const env = { ...ci.githubEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ghreq_wrong-request-token' };
    const error = await rejection(githubCiToken({ env, transport }).current());
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('GitHub refused the OIDC token request (HTTP 401).');
  });
});

describe('GitLab variables and token files', () => {
  it('a variable that expires while retrying fails with exit 4 rather than sending it', async () => {
    const token = await ci.mintGitLab('https://api.example', { ttlSeconds: 120 });
    let now = Date.now();
    const source = envCiToken({ CI_ID: token }, 'CI_ID', { now: () => now });
    expect(await source.current()).toBe(token);
    now += 100_000; // 20 s left
    const error = await rejection(source.current());
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain('The CI token in CI_ID expires at');
    expect(error.hint).toContain('cannot renew it');
  });

  it('a token file is read again each time, so a rotated token is picked up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-ci-'));
    const path = join(dir, 'token');
    const first = await ci.mintGitLab('https://api.example');
    writeFileSync(path, first);
    const source = fileCiToken(path);
    expect(await source.current()).toBe(first);
    const rotated = await ci.mintGitLab('https://api.example');
    writeFileSync(path, `${rotated}\n`);
    expect(await source.current()).toBe(rotated);
    expect(isSecret(rotated)).toBe(true);
  });

  it('a missing token file is exit 2 naming the file', async () => {
    const error = await rejection(Promise.resolve().then(() => fileCiToken('/nonexistent/ci-token')));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('/nonexistent/ci-token: ENOENT');
  });
});

describe('who the client is', () => {
  it('with no client configured nothing identifies one: no client_id, no assertion', async () => {
    front.enqueue(fault.json(200, minted));
    const ciToken = await ci.mintGitLab('https://api.example');
    await exchangeAtFront({ audience: 'https://api.example' }, { TOKENRELAY_ID_TOKEN: ciToken });
    const [form] = sentForm();
    expect(form?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:token-exchange');
    expect(form?.get('subject_token')).toBe(ciToken);
    expect(form?.get('audience')).toBe('https://api.example');
    expect(form?.has('client_id')).toBe(false);
    expect(front.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('a client id alone is a public client (client_id in the body)', async () => {
    front.enqueue(fault.json(200, minted));
    const ciToken = await ci.mintGitLab('https://api.example');
    await exchangeAtFront(
      { clientId: 'ci-public', federation: 'jwt-bearer' },
      { TOKENRELAY_ID_TOKEN: ciToken },
    );
    const [form] = sentForm();
    expect(form?.get('client_id')).toBe('ci-public');
    expect(form?.get('assertion')).toBe(ciToken);
  });

  it('client-assertion without a client id is exit 2 before anything is sent', async () => {
    const ciToken = await ci.mintGitLab('https://api.example');
    const error = await rejection(
      exchangeAtFront({ federation: 'client-assertion' }, { TOKENRELAY_ID_TOKEN: ciToken }),
    );
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('client-assertion needs a client id');
    expect(front.requests).toHaveLength(0);
  });
});
