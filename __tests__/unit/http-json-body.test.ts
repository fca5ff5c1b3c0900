import { afterEach, describe, expect, it } from 'vitest';
import { registerSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { bodyExcerpt } from '../../src/http/index.ts';

afterEach(() => resetSecretsForTest());

describe('bodyExcerpt', () => {
  it('keeps short text as it is', () => {
    expect(bodyExcerpt('{"error":"invalid_grant"}')).toBe('{"error":"invalid_grant"}');
  });

  it('truncates to 200 characters and marks the cut', () => {
    const out = bodyExcerpt('a'.repeat(500));
    expect(out).toBe(`${'a'.repeat(200)}…`);
  });

  it('scrubs before truncating, so a secret across the cut leaks no prefix', () => {
    const secret = registerSecret('SECRETVALUE-0123456789');
    const out = bodyExcerpt(`${'x'.repeat(190)}${secret}`);
    expect(out).toBe(`${'x'.repeat(190)}***`);
    expect(out).not.toContain('SECRETV');
  });

  it('flattens control characters and newlines', () => {
    expect(bodyExcerpt('line one\r\n\u001b[31mred\u0007\tend')).toBe('line one [31mred end');
  });
});
