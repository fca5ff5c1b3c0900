/**
 * The CLI end to end against a thin token endpoint on loopback that answers with odd
 * expiries: a nonsense expires_in used to crash the export ("Invalid time value", exit 1).
 */
import { describe, expect, it } from 'vitest';
import { cliScript } from '../../test-support/cli-process.ts';
import { fault } from '../../test-support/fault-front.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

const front = useFaultFront();
const SECRET = 'quirks-cli-s3cret';
const AT = 'at-quirks-cli-0123456789abcdef';

function exchange(body: Record<string, unknown>) {
  front.enqueue(fault.json(200, { access_token: AT, token_type: 'bearer', ...body }));
  return runCli(['exchange', '--export', 'json', '--retries', '0'], {
    script: cliScript(),
    env: {
      TOKENRELAY_TOKEN_ENDPOINT: `${front.url}/token`,
      TOKENRELAY_CLIENT_ID: 'quirks',
      TOKENRELAY_CLIENT_SECRET: SECRET,
    },
  });
}

describe('exchange with odd expiries', () => {
  it('expires_in 9e12 is read as ten years: exit 0 with a real date', async () => {
    const run = await exchange({ expires_in: 9e12 });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.token).toBe(AT);
    expect(new Date(out.expires_at).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 9);
    assertNoLeaks({
      secrets: { secret: SECRET, token: AT },
      texts: { stderr: run.stderr },
      dirs: [run.home],
    });
  });

  it('no expires_in on an opaque token: exit 0, expiry unknown (null)', async () => {
    const run = await exchange({});
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ token: AT, expires_at: null, token_type: 'bearer' });
  });

  it('a negative expires_in is a protocol error (exit 3) that says what to do, and prints no token', async () => {
    const run = await exchange({ expires_in: -60 });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('invalid expires_in (-60)');
    expect(run.stderr).toContain('Report this to whoever runs it');
    expect(run.stdout).toBe('');
    assertNoLeaks({
      secrets: { secret: SECRET, token: AT },
      texts: { stderr: run.stderr },
      dirs: [run.home],
    });
  });
});
