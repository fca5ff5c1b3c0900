import { describe, expect, it } from 'vitest';
import { pickCiTokenSource } from '../../src/ci/pick-ci-token.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import { federationAdvice } from '../../src/sources/federation-advice.ts';
import { thrown } from '../../test-support/expect-error.ts';

const JWT = `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://gitlab.com', sub: 'project_path:g/p:ref_type:branch:ref:main', aud: ['a', 'b'], exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;

function b64(v: object): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

describe('federation settings', () => {
  it('reads each from flag, env and config, with short token type names expanded', () => {
    const s = resolveSettings({
      flags: { federation: 'Token-Exchange', subjectTokenType: 'jwt' },
      env: { TOKENRELAY_REQUESTED_TOKEN_TYPE: 'access_token', TOKENRELAY_TENANT_PARAM: 'tenant_id' },
    });
    expect(s.federation).toBe('token-exchange');
    expect(s.subjectTokenType).toBe('urn:ietf:params:oauth:token-type:jwt');
    expect(s.requestedTokenType).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(s.tenantParam).toBe('tenant_id');
    expect(s.idTokenEnv).toBe('TOKENRELAY_ID_TOKEN');
    expect(s.origins.idTokenEnv).toBeUndefined();
  });

  it('refuses an unknown mode and a token type that is neither a short name nor a URI (exit 2)', () => {
    const mode = thrown(() => resolveSettings({ flags: {}, env: { TOKENRELAY_FEDERATION: 'oidc' } }));
    expect(mode.exitCode).toBe(2);
    expect(mode.message).toContain('TOKENRELAY_FEDERATION');
    expect(mode.hint).toBe('Use one of: token-exchange, jwt-bearer, client-assertion.');
    const type = thrown(() => resolveSettings({ flags: { subjectTokenType: 'idtoken' }, env: {} }));
    expect(type.message).toContain('--subject-token-type');
    expect(thrown(() => resolveSettings({ flags: { tenantParam: 'a b' }, env: {} })).exitCode).toBe(2);
  });
});

describe('where the CI token comes from', () => {
  const transport = { retries: 0 };
  const pick = (flags: Record<string, string>, env: Record<string, string>) =>
    pickCiTokenSource(resolveSettings({ flags, env }), env, { transport });

  it('a default variable that holds a token wins, also on GitHub', () => {
    const s = pick({}, { TOKENRELAY_ID_TOKEN: JWT, GITHUB_ACTIONS: 'true' });
    expect([s.origin, s.label]).toEqual(['gitlab', 'TOKENRELAY_ID_TOKEN']);
  });

  it('GitHub Actions uses its token service when no variable is set', () => {
    const s = pick(
      {},
      {
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/x',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token',
      },
    );
    expect(s.origin).toBe('github');
  });

  it('a named variable is used even when empty, so its absence is reported by name', () => {
    const e = thrown(() => pick({ idTokenEnv: 'GL_ID' }, { GITHUB_ACTIONS: 'true' }));
    expect(e.message).toBe('The CI token variable GL_ID is empty or not set.');
    expect(e.hint).toContain('id_tokens:\n    GL_ID:');
  });
});

describe('advice on a rejected federation', () => {
  const ci = { origin: 'gitlab' as const, label: 'TOKENRELAY_ID_TOKEN', current: async () => JWT };
  const claims = JSON.parse(Buffer.from(JWT.split('.')[1]!, 'base64url').toString());

  it('unsupported_grant_type lists only the modes the metadata offers', () => {
    const advise = federationAdvice({
      mode: 'token-exchange',
      ci,
      claims,
      grantTypes: ['client_credentials', 'authorization_code'],
    });
    expect(advise('unsupported_grant_type')?.hint).toMatch(
      /^Try federation: client-assertion \(from the grant types/,
    );
  });

  it('a trust refusal shows every aud and is an authentication failure even as invalid_request', () => {
    const advice = federationAdvice({ mode: 'token-exchange', ci, claims })('invalid_request');
    expect(advice?.detail).toContain('aud "a, b"');
    expect(advice?.kind).toBe('auth');
    expect(federationAdvice({ mode: 'jwt-bearer', ci, claims })('server_error')).toBeUndefined();
  });
});
