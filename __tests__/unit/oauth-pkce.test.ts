import { describe, expect, it } from 'vitest';
import { isSecret } from '../../src/core/secrets.ts';
import { newPkceAttempt } from '../../src/oauth/pkce.ts';

describe('PKCE', () => {
  it('makes a fresh S256 verifier per attempt and masks it at once; the state stays printable', async () => {
    const a = await newPkceAttempt();
    const b = await newPkceAttempt();
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.state).not.toBe(b.state);
    expect(a.method).toBe('S256');
    expect(a.challenge).not.toBe(a.verifier);
    expect(isSecret(a.verifier)).toBe(true);
    expect(isSecret(a.state)).toBe(false);
  });
});
