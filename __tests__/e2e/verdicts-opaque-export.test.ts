/**
 * One verdict per token, for the opaque tokens most servers issue (Django OAuth Toolkit's are
 * 30 random characters, no `exp` to read): `eval "$(tokenrelay exchange --export shell)"`
 * leaves TOKENRELAY_TOKEN_EXPIRES_AT beside the token, and once that time has passed no command
 * hands the token out — the same verdict as for a JWT's own `exp`. Against DOT, leak-scanned.
 */
import { describe, expect, it } from 'vitest';
import { useDjango } from '../../test-support/django-server.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';

const dot = useDjango();

/** The variables `--export shell` printed, as `eval` would set them. */
function exported(stdout: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of stdout.matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)) vars[m[1]!] = m[2]!;
  return vars;
}

describe('an opaque token exported with its expiry', () => {
  it('is handed out while live, passed over once TOKENRELAY_TOKEN_EXPIRES_AT has passed', async () => {
    const client = dot.clients.basic;
    const cc = {
      TOKENRELAY_TOKEN_ENDPOINT: dot.tokenEndpoint,
      TOKENRELAY_CLIENT_ID: client.clientId,
      TOKENRELAY_CLIENT_SECRET: client.clientSecret,
    };
    const first = await runCli(['exchange', '--export', 'shell'], { env: cc });
    expect(first.code, first.stderr).toBe(0);
    const shell = exported(first.stdout);
    const old = shell.TOKENRELAY_TOKEN!;
    expect(old).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(Date.parse(shell.TOKENRELAY_TOKEN_EXPIRES_AT!)).toBeGreaterThan(Date.now());
    const runs: CliRun[] = [first];

    // While it lives, the shell's token answers first, as the resolver's order says.
    const live = await runCli(['auth', 'token'], { env: { ...cc, ...shell } });
    runs.push(live);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout.trim()).toBe(old);

    // Later: the exported expiry has passed (DOT's tokens live 10 hours; the test moves the clock
    // the only way a child process lets it: the time the export wrote).
    const later = { ...shell, TOKENRELAY_TOKEN_EXPIRES_AT: new Date(Date.now() - 3600_000).toISOString() };
    const token = await runCli(['auth', 'token'], { env: { ...cc, ...later } });
    runs.push(token);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).not.toBe(old);
    expect((await dot.introspect(token.stdout.trim())).active).toBe(true);
    expect(token.stderr).toContain('The token from TOKENRELAY_TOKEN expired at');
    expect(token.stderr).toContain('skipped it and used client credentials');

    // Nothing else to ask: exit 4 from auth token, run and auth status alike.
    for (const args of [
      ['auth', 'token'],
      ['run', '--', 'true'],
      ['auth', 'status'],
    ]) {
      const run = await runCli(args, { env: later });
      runs.push(run);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(4);
      expect(run.stderr).toContain('The token from TOKENRELAY_TOKEN expired at');
      expect(run.stdout).not.toContain(old);
    }
    for (const [i, run] of runs.entries())
      assertNoLeaks({
        secrets: { secret: client.clientSecret, old },
        texts: { [`stderr ${i}`]: run.stderr },
      });
  });
});
