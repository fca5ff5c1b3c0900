import { describe, expect, it } from 'vitest';
import { usageError } from '../../src/core/errors.ts';
import { rejection, thrown } from '../../test-support/expect-error.ts';

// The helpers stand in for an assertion in many tests: they must fail where it would have.

describe('thrown', () => {
  it('returns the TokenRelayError a call throws', () => {
    const error = usageError('bad flag');
    expect(
      thrown(() => {
        throw error;
      }),
    ).toBe(error);
  });

  it('fails when nothing is thrown, or something else is', () => {
    expect(() => thrown(() => 'fine')).toThrow(/nothing was/);
    expect(() =>
      thrown(() => {
        throw new TypeError('x is undefined');
      }),
    ).toThrow(/TokenRelayError/);
  });
});

describe('rejection', () => {
  it('returns the TokenRelayError a promise rejects with', async () => {
    const error = usageError('bad flag');
    expect(await rejection(Promise.reject(error))).toBe(error);
  });

  it('fails when the promise resolves, or rejects with something else', async () => {
    await expect(rejection(Promise.resolve('fine'))).rejects.toThrow(/it resolved/);
    await expect(rejection(Promise.reject(new TypeError('x')))).rejects.toThrow(/TokenRelayError/);
  });
});
