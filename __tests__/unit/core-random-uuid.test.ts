import { describe, expect, it } from 'vitest';
import { randomUuid } from '../../src/core/random-uuid.ts';

// The heredoc delimiter's randomness: a version 4 UUID, as crypto.randomUUID makes, never repeated.

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('has the shape of crypto.randomUUID', () => {
    for (let i = 0; i < 200; i++) expect(randomUuid()).toMatch(V4);
    expect(crypto.randomUUID()).toMatch(V4);
  });

  it('does not repeat, and every random hex digit varies', () => {
    const ids = Array.from({ length: 2000 }, randomUuid);
    expect(new Set(ids).size).toBe(ids.length);
    // 122 random bits: every position but the fixed version digit takes many values.
    const positions = ids[0]!.replace(/-/g, '').length;
    for (let p = 0; p < positions; p++) {
      if (p === 12) continue;
      const seen = new Set(ids.map((id) => id.replace(/-/g, '')[p]));
      expect(seen.size, `hex digit ${p}`).toBeGreaterThanOrEqual(p === 16 ? 4 : 12);
    }
  });
});
