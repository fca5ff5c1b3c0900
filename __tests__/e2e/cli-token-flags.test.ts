/**
 * `--token` and `--token-stdin` on every command that resolves a token, each run named by
 * exactly the flag the token came through. Every run goes through the leak scanner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliScript } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ProfileApi, startProfileApi, TEST_API_KEYS } from '../../test-support/profile-api.ts';
import { type CliRun, runCli } from '../../test-support/run-cli.ts';

let api: ProfileApi;
beforeAll(async () => {
  api = await startProfileApi();
});
afterAll(() => api?.close());

const pat = () => TEST_API_KEYS.alicePat;
const cli = (args: string[], stdin?: string, env: Record<string, string> = {}) =>
  runCli(args, { script: cliScript(), env, ...(stdin !== undefined ? { stdin } : {}) });

/** The token may be on stdout only where it is the answer asked for. */
function clean(run: CliRun, stdoutMayHold = false) {
  assertNoLeaks({ secrets: { pat: pat() }, texts: { stderr: run.stderr }, dirs: [run.home] });
  if (!stdoutMayHold) assertNoLeaks({ secrets: { pat: pat() }, texts: { stdout: run.stdout } });
}

describe('--token and --token-stdin wherever a token is resolved', () => {
  it('auth token takes either, and -v names which', async () => {
    const fromFlag = await cli(['auth', 'token', '--token', pat(), '-v']);
    expect(fromFlag.code, fromFlag.stderr).toBe(0);
    expect(fromFlag.stdout).toBe(`${pat()}\n`);
    expect(fromFlag.stderr).toContain('debug: token from --token\n');
    const fromStdin = await cli(['auth', 'token', '--token-stdin', '-v'], `${pat()}\n`);
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(`${pat()}\n`);
    expect(fromStdin.stderr).toContain('debug: token from --token-stdin\n');
    clean(fromFlag, true);
    clean(fromStdin, true);
  });

  it('validate names --token-stdin, --token and the variable exactly', async () => {
    const stdin = await cli(['validate', '--api-url', api.url, '--token-stdin'], pat());
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stderr).toMatch(/^Valid: \S+ from --token-stdin belongs to alice\n$/);
    const flag = await cli(['validate', '--api-url', api.url, '--token', pat()]);
    expect(flag.stderr).toMatch(/^Valid: \S+ from --token belongs to alice\n$/);
    const variable = await cli(['validate', '--api-url', api.url], undefined, { TOKENRELAY_TOKEN: pat() });
    expect(variable.stderr).toMatch(/^Valid: \S+ from TOKENRELAY_TOKEN belongs to alice\n$/);
    for (const run of [stdin, flag, variable]) clean(run);
  });

  it('auth status shows where the given token came from', async () => {
    const run = await cli(['auth', 'status', '--token-stdin'], pat());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Source:        --token-stdin\n');
    clean(run);
  });

  it('exchange --validate hands a given token on after checking it', async () => {
    const run = await cli(['exchange', '--validate', '--api-url', api.url, '--token-stdin', '-v'], pat());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${pat()}\n`);
    expect(run.stderr).toMatch(/from --token-stdin, for alice/);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${pat()}`);
    clean(run, true);
  });

  it('both at once is a usage error (2); help warns about argv', async () => {
    const both = await cli(['auth', 'token', '--token', pat(), '--token-stdin'], pat());
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--token and --token-stdin cannot be combined.');
    clean(both);
    for (const command of [['auth', 'token'], ['auth', 'status'], ['validate'], ['exchange']]) {
      const help = await cli([...command, '--help']);
      expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--token <token> .*visible to other users in `ps`/);
      expect(help.stdout).toContain('--token-stdin');
    }
  });
});

describe('auth token with global settings: the fast start means what the command line means', () => {
  const env = () => ({ TOKENRELAY_TOKEN: pat() });
  it.each([
    [['--api-url', 'https://api.example.test']],
    [['--api-url=https://api.example.test', '--json']],
    [['--profile-missing']],
  ])('%j', async (args) => {
    const run = await cli(['auth', 'token', ...args, '-v'], undefined, env());
    if (args[0] === '--profile-missing') {
      // Not a setting: the full command line reports it.
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("unknown option '--profile-missing'");
      return clean(run);
    }
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('debug: settings: apiUrl from flag');
    if (args.includes('--json')) expect(JSON.parse(run.stdout)).toMatchObject({ token: pat() });
    else expect(run.stdout).toBe(`${pat()}\n`);
    clean(run, true);
  });

  it('a setting with no value is the usage error it always was (2)', async () => {
    const run = await cli(['auth', 'token', '--api-url'], undefined, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--api-url <url>' argument missing");
    clean(run);
  });

  it('-q at the end, and --timeout-seconds checked as given', async () => {
    const run = await cli(['auth', 'token', '--timeout-seconds', 'soon', '-q'], undefined, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--timeout-seconds must be a whole number from 1 to 600, got 'soon'.");
    clean(run);
  });
});
