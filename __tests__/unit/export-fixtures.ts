/** Tokens shared by the export tests (the recording runner is test-support/recording-runner.ts). */
import type { ResolvedToken } from '../../src/core/token.ts';

export const NOW = Date.parse('2026-11-23T11:00:00.000Z');

export function sampleToken(overrides: Partial<ResolvedToken> = {}): ResolvedToken {
  return {
    accessToken: 'at-3f9c2e7a-SECRET-access-Q7xZ',
    tokenType: 'Bearer',
    expiresAt: new Date('2026-11-23T12:00:00.789Z'),
    scope: 'read:items write:items',
    refreshToken: 'rt-71b0-SECRET-refresh-K2wV',
    idToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.SECRET-id-sig-M9pL',
    source: 'client-credentials',
    sourceLabel: 'client credentials (cc-basic)',
    method: 'client-credentials',
    environment: 'https://api.tokenrelay.test',
    tenant: 'acme',
    workspace: 'ws-42',
    identity: { login: 'deploy-bot', email: 'bot@example.test', subject: 'user-1' },
    ...overrides,
  };
}

/** Every secret of a token, for "never contains" assertions. */
export function secretsOf(token: ResolvedToken): string[] {
  return [token.accessToken, token.refreshToken, token.idToken].filter((s): s is string => !!s);
}

export { tempDir } from '../../test-support/recording-runner.ts';
