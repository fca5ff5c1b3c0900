import { beforeEach, describe, expect, it } from 'vitest';
import { chainFor } from '../../src/app/chain.ts';
import { TokenRelayError } from '../../src/core/errors.ts';
import {
  type ResolveContext,
  resolveToken,
  SOURCE_ORDER,
  type TokenSource,
} from '../../src/core/resolver.ts';
import { isSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import type { SourceId } from '../../src/core/token.ts';

/** A source that answers with a token named after itself, or not at all. */
function fake(id: SourceId, answers: boolean): TokenSource & { asked: number } {
  const source = {
    id,
    asked: 0,
    how: id,
    configured: () => answers,
    describe: () => id,
    async resolve(ctx: ResolveContext) {
      source.asked++;
      if (!answers) return undefined;
      return {
        accessToken: `token-from-${id}`,
        tokenType: 'Bearer',
        source: id,
        sourceLabel: id,
        method: 'token' as const,
        environment: ctx.environment ?? 'unknown',
      };
    },
  };
  return source;
}

function ctx(overrides: Partial<ResolveContext> = {}): ResolveContext {
  const settings = resolveSettings({ flags: { apiUrl: 'http://127.0.0.1:1', tenant: 't1' }, env: {} });
  return { settings, env: {}, environment: 'http://127.0.0.1:1', ...overrides };
}

beforeEach(() => resetSecretsForTest());

describe('the resolver chain', () => {
  it('documents the precedence in one place', () => {
    expect(SOURCE_ORDER).toEqual([
      'flag',
      'env',
      'stored-token',
      'stored-session',
      'client-credentials',
      'federation',
    ]);
  });

  it.each(SOURCE_ORDER.map((id, i) => [id, i] as const))('%s wins over every later source', async (id, i) => {
    // Hand the sources in reverse so only SOURCE_ORDER can explain the result.
    const sources = SOURCE_ORDER.map((s, j) => fake(s, j >= i)).reverse();
    const token = await resolveToken(sources, ctx());
    expect(token.source).toBe(id);
    expect(token.accessToken).toBe(`token-from-${id}`);
    for (const s of sources) expect(s.asked).toBe(SOURCE_ORDER.indexOf(s.id) <= i ? 1 : 0);
  });

  it('fills tenant and workspace from the settings when the source has none', async () => {
    const token = await resolveToken([fake('env', true)], ctx());
    expect(token.tenant).toBe('t1');
  });

  it('no source answering is exit 4 with what to do', async () => {
    const error = await resolveToken([fake('flag', false), fake('env', false)], ctx()).catch((e) => e);
    expect(error).toBeInstanceOf(TokenRelayError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('Not authenticated.');
    expect(error.describe()).toBe(
      "Not authenticated. Run 'tokenrelay auth login' or set --token / TOKENRELAY_TOKEN.",
    );
  });
});

describe('the explicit sources', () => {
  const settings = resolveSettings({ flags: {}, env: {} });
  const chain = chainFor('token', settings, {});

  it('--token beats TOKENRELAY_TOKEN, and is registered as a secret', async () => {
    const t = await resolveToken(
      chain,
      ctx({ token: 'flag-token-123456', env: { TOKENRELAY_TOKEN: 'env-token-123456' } }),
    );
    expect(t).toMatchObject({ source: 'flag', sourceLabel: '--token', accessToken: 'flag-token-123456' });
    expect(isSecret('flag-token-123456')).toBe(true);
  });

  it('TOKENRELAY_TOKEN beats the profile token_env', async () => {
    const s = resolveSettings({ flags: {}, env: {} });
    s.tokenEnv = 'DOT_AI_AUTH_TOKEN';
    const env = { TOKENRELAY_TOKEN: 'env-token-123456', DOT_AI_AUTH_TOKEN: 'dot-token-123456' };
    const t = await resolveToken(chain, ctx({ settings: s, env }));
    expect(t.sourceLabel).toBe('TOKENRELAY_TOKEN');
    const t2 = await resolveToken(
      chain,
      ctx({ settings: s, env: { DOT_AI_AUTH_TOKEN: 'dot-token-123456' } }),
    );
    expect(t2).toMatchObject({
      source: 'env',
      sourceLabel: 'DOT_AI_AUTH_TOKEN',
      accessToken: 'dot-token-123456',
    });
    expect(isSecret('dot-token-123456')).toBe(true);
  });

  it('method client-credentials with nothing configured lists every missing piece (exit 2)', () => {
    try {
      chainFor('client-credentials', settings, {});
      throw new Error('expected an error');
    } catch (e) {
      expect((e as TokenRelayError).exitCode).toBe(2);
      expect((e as TokenRelayError).message).toMatch(/client id.*client secret.*issuer/s);
    }
  });
});

/** An unsigned JWT whose `exp` is `secondsFromNow` away: all a given token's verdict reads. */
function jwt(secondsFromNow: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp: Math.floor(Date.now() / 1000) + secondsFromNow })}.sig`;
}

describe('one verdict per token: a token known to be expired is never handed out', () => {
  const settings = resolveSettings({ flags: {}, env: {} });

  it('a given JWT carries its exp as expires_at', async () => {
    const live = jwt(3600);
    const t = await resolveToken(chainFor('token', settings, {}), ctx({ env: { TOKENRELAY_TOKEN: live } }));
    expect(t.expiresAt?.getTime()).toBe(Math.floor(Date.now() / 1000 + 3600) * 1000);
  });

  it('an expired env token is skipped with a warning naming it when a later source answers', async () => {
    const dead = jwt(-3600);
    const warnings: string[] = [];
    const checked: NonNullable<ResolveContext['checked']> = [];
    const later = fake('client-credentials', true);
    const t = await resolveToken(
      [...chainFor('token', settings, {}), Object.assign(later, { mints: true as const })],
      ctx({ env: { TOKENRELAY_TOKEN: dead }, warn: (l) => warnings.push(l), checked }),
    );
    expect(t.source).toBe('client-credentials');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^The token from TOKENRELAY_TOKEN expired at \S+Z \((59|60) min ago\); skipped it and used client-credentials\. Replace TOKENRELAY_TOKEN with a fresh token, or unset it\.$/,
    );
    expect(checked.map((c) => [c.source, c.verdict.state])).toEqual([
      ['env', 'expired'],
      ['client-credentials', 'live'],
    ]);
  });

  it('an expired --token with nothing after it is exit 4 saying what to replace', async () => {
    const error = await resolveToken(chainFor('token', settings, {}), ctx({ token: jwt(-90) })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TokenRelayError);
    expect(error.exitCode).toBe(4);
    expect(error.describe()).toMatch(
      /^The token from --token expired at \S+ \(9\d s ago\), and nothing else can give one\. Give a fresh token in --token\.$/,
    );
  });

  it('a source that throws is recorded as rejected (exit 4) or failed, and stops the chain', async () => {
    const checked: NonNullable<ResolveContext['checked']> = [];
    const refusing: TokenSource = {
      ...fake('client-credentials', true),
      resolve: async () => {
        throw new TokenRelayError('auth', 'invalid_client');
      },
    };
    const error = await resolveToken([refusing, fake('federation', true)], ctx({ checked })).catch((e) => e);
    expect(error.message).toBe('invalid_client');
    expect(checked).toMatchObject([{ source: 'client-credentials', verdict: { state: 'rejected' } }]);
  });
});
