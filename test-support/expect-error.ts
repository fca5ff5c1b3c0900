/**
 * The TokenRelayError a call throws or a promise rejects with, for tests that go on to
 * check its exit code, message and hint. Fails the test when there is none, or when what
 * came is some other error: a bare TypeError must never pass for a handled failure.
 */
import { expect } from 'vitest';
import { TokenRelayError } from '../src/core/errors.ts';

export function thrown(fn: () => unknown): TokenRelayError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (error === undefined) expect.fail('expected a TokenRelayError to be thrown, but nothing was');
  expect(error).toBeInstanceOf(TokenRelayError);
  return error as TokenRelayError;
}

export async function rejection(promise: Promise<unknown>): Promise<TokenRelayError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (outcome === undefined) expect.fail('expected a rejection with a TokenRelayError, but it resolved');
  expect(outcome).toBeInstanceOf(TokenRelayError);
  return outcome as TokenRelayError;
}
