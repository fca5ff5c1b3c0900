import { describe, expect, it } from 'vitest';
import { printToken } from '../../src/export/print.ts';
import { sampleToken } from './export-fixtures.ts';

describe('printToken', () => {
  it('writes the token alone with one trailing newline', () => {
    const chunks: string[] = [];
    printToken(sampleToken({ accessToken: 'tok-123' }), (t) => chunks.push(t));
    expect(chunks).toEqual(['tok-123\n']);
  });
});
