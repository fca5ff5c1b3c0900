/**
 * The switch that runs the end-to-end suite with debug output on (TOKENRELAY_TEST_DEBUG=1,
 * test-support/debug-runs.ts): a run's debug lines are taken out of what the test asserts
 * on, and every leak scan of that test scans them too.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { debugCliArgs, withoutDebugLines } from '../../test-support/debug-runs.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';

const SECRET = 'debug-line-secret-0123456789';

describe('TOKENRELAY_TEST_DEBUG=1', () => {
  beforeEach(() => {
    process.env.TOKENRELAY_TEST_DEBUG = '1';
  });
  afterEach(() => {
    delete process.env.TOKENRELAY_TEST_DEBUG;
  });

  it('adds -v unless the test asked for it, and hands the test its output without the debug lines', () => {
    expect(debugCliArgs(['auth', 'token'])).toEqual({ args: ['-v', 'auth', 'token'], added: true });
    expect(debugCliArgs(['auth', 'token', '--verbose']).added).toBe(false);
    const stderr = 'debug: resolver: trying env\nWarning: something\n';
    expect(withoutDebugLines(stderr, true)).toBe('Warning: something\n');
    expect(withoutDebugLines(stderr, false)).toBe(stderr);
  });

  it("a secret in a run's debug lines fails the test's leak scan, though the test never saw the lines", () => {
    const stderr = withoutDebugLines(`debug: POST /token body client_secret=${SECRET}\n`, true);
    expect(stderr).toBe('');
    expect(() => assertNoLeaks({ secrets: { secret: SECRET }, texts: { stderr } })).toThrow(
      /secret found as raw in debug output of run 1 \(TOKENRELAY_TEST_DEBUG\)/,
    );
  });

  it('without the switch nothing changes', () => {
    delete process.env.TOKENRELAY_TEST_DEBUG;
    expect(debugCliArgs(['auth', 'token'])).toEqual({ args: ['auth', 'token'], added: false });
    assertNoLeaks({ secrets: { secret: SECRET }, texts: { stderr: '' } });
  });
});
