import { describe, expect, it } from 'vitest';
import { decodeJwtClaims, secondsLeft, trustClaims } from '../../src/ci/jwt-claims.ts';

const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: unknown, header: unknown = { alg: 'RS256' }, sig = 'c2ln') =>
  `${part(header)}.${part(payload)}.${sig}`;

describe('reading a CI token without verifying it', () => {
  it('decodes a JWS, including an unsigned one (the server, not us, refuses alg none)', () => {
    expect(decodeJwtClaims(jwt({ sub: 'x' }))).toEqual({ sub: 'x' });
    expect(decodeJwtClaims(jwt({ sub: 'x' }, { alg: 'none' }, ''))).toEqual({ sub: 'x' });
  });

  it('is undefined for anything else', () => {
    for (const text of [
      '',
      'glcbt-abc',
      'a.b',
      'a.b.c.d',
      `${part('str')}.${part({})}.x`,
      jwt([1, 2]),
      jwt({}, {}),
    ]) {
      expect(decodeJwtClaims(text)).toBeUndefined();
    }
  });

  it('keeps only trust-relevant claims, of plain types', () => {
    const claims = {
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:o/r:environment:prod',
      aud: ['https://api', 'https://other'],
      repository: 'o/r',
      job_workflow_ref: 'o/r/.github/workflows/d.yml@refs/heads/main',
      actor: 'octocat',
      user_email: 'someone@example.com',
      run_id: '7',
      environment: { nested: true },
    };
    expect(trustClaims(claims)).toEqual({
      iss: claims.iss,
      sub: claims.sub,
      aud: claims.aud,
      repository: 'o/r',
      job_workflow_ref: claims.job_workflow_ref,
    });
  });

  it('counts seconds left from exp; no exp means no limit', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(secondsLeft({ exp: now / 1000 + 90 }, now)).toBe(90);
    expect(secondsLeft({ exp: now / 1000 - 5 }, now)).toBe(-5);
    expect(secondsLeft({}, now)).toBe(Number.POSITIVE_INFINITY);
  });
});
