/**
 * What the README and `--help` promise about the CLI, held to what the built CLI does:
 * every command's help ends with examples that use its real options; a token is printed whole
 * only by the commands that hand it over (at a terminal too) and redacted everywhere else;
 * `--json` is one object on stdout for every command, `run` included; an error's first line
 * says what happened and what to do; exit 1 names one way to get a stack trace everywhere;
 * `help environment` lists each variable once.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toTokenRelayError } from '../../src/core/errors.ts';
import { cliScript } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { FEDERATION_CLIENT } from '../../test-support/provider.ts';
import { useServers } from '../../test-support/servers.ts';
import { cli, type Machine, machine } from './auth-session-fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const servers = useServers();
const ccEnv = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
});

/** The names under a help text's "Commands:" heading. */
function commandsIn(help: string): string[] {
  const section = /^Commands:\n([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(help)?.[1] ?? '';
  return [...section.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!);
}

describe('--help ends with examples', () => {
  it('every command, each example using only options its help lists', async () => {
    const m = machine();
    const paths: string[][] = [[]];
    const top = await cli(m, ['--help']);
    for (const name of commandsIn(top.stdout)) {
      paths.push([name]);
      const sub = await cli(m, [name, '--help']);
      // `auth help` is commander's own (`tokenrelay auth help login`): it shows the others' help.
      for (const child of commandsIn(sub.stdout).filter((c) => c !== 'help')) paths.push([name, child]);
    }
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'exchange',
        'validate',
        'run',
        'auth login',
        'auth token',
        'auth import',
        'completion',
      ]),
    );
    for (const path of paths) {
      const help = (await cli(m, [...path, '--help'])).stdout;
      const name = `tokenrelay ${path.join(' ')}`.trim();
      const section = /\nExamples:\n((?: {2}.*\n)+)/.exec(help);
      expect(section, `${name} --help has no Examples`).not.toBeNull();
      // Last, but for the root's list of help topics (gh puts its LEARN MORE there too).
      const after = help.slice(section!.index + section![0].length);
      expect(path.length === 0 ? after.startsWith('\nHelp topics') : after === '', name).toBe(true);
      const lines = section![1]!.split('\n').filter((l) => l.startsWith('  $ '));
      expect(lines.length, name).toBeGreaterThan(0);
      expect(
        lines.some((l) => l.includes(name)),
        `${name}: no example runs it`,
      ).toBe(true);
      // A command with subcommands (auth) shows theirs; their own help checks their options.
      const leaf = path.length > 0 && commandsIn(help).filter((c) => c !== 'help').length === 0;
      for (const line of lines.filter((l) => l.includes(name) && leaf)) {
        const words = line.slice(line.indexOf(name) + name.length).split(/\s+/);
        const end = words.findIndex((w) => w === '--' || /^[|<)]/.test(w));
        for (const flag of words.slice(0, end < 0 ? undefined : end).filter((w) => w.startsWith('--'))) {
          const option = flag.split('=')[0]!.replace(/["')]+$/, '');
          expect(help, `${line.trim()}: ${option} is not an option of ${name}`).toMatch(
            new RegExp(`^ {2}(?:-\\w, )?${option}\\b`, 'm'),
          );
        }
      }
    }
    // `help COMMAND --json` carries the same text.
    const json = await cli(m, ['help', 'exchange', '--json']);
    expect(JSON.parse(json.stdout).text).toContain('$ tokenrelay exchange --validate --export json');
  }, 60_000);
});

/** `args` on a real terminal (util-linux `script`): stdout and stderr are both the pty. */
function onTerminal(m: Machine, args: string[], env: Record<string, string>) {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, cliScript(), ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: m.home, LANG: 'C.UTF-8', TERM: 'xterm', ...m.env, ...env },
    cwd: m.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('a token is printed whole only where the README says', () => {
  it('exchange and auth token hand it over at a terminal; status and --json show it redacted', async () => {
    expect(readme).not.toContain('never prints a token unless asked to');
    expect(readme).toContain('printed only by the commands whose job is to hand it over');
    const m = machine();
    const exchange = await onTerminal(m, ['exchange'], ccEnv());
    expect(exchange.code, exchange.output).toBe(0);
    const token = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(exchange.output)?.[0];
    expect(token, exchange.output).toBeDefined();
    expect(exchange.output.split(token!).length - 1).toBe(1); // stdout once; stderr redacted
    expect(exchange.output).toMatch(/eyJh…/);
    const quiet = [
      await onTerminal(m, ['exchange', '--json'], ccEnv()),
      await onTerminal(m, ['auth', 'status'], ccEnv()),
      await onTerminal(m, ['exchange', '--export', 'file=token.json', '--json'], ccEnv()),
    ];
    for (const run of quiet) {
      expect(run.code, run.output).toBe(0);
      expect(run.output).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}\./);
    }
    assertNoLeaks({
      secrets: { secret: servers.provider.clients.basic.clientSecret },
      texts: Object.fromEntries([exchange, ...quiet].map((r, i) => [`run ${i}`, r.output])),
      dirs: [m.home],
    });
  }, 60_000);
});

describe('--json is one object on stdout: run too', () => {
  it('run --json is a usage error as one JSON object, and the command never starts', async () => {
    const m = machine();
    const requests = servers.provider.tokenRequests().length;
    const run = await cli(m, ['run', '--json', '--', 'sh', '-c', 'echo started'], ccEnv());
    expect(run.code, run.stderr).toBe(2);
    const parsed = JSON.parse(run.stdout) as { error: Record<string, unknown> };
    expect(parsed.error).toMatchObject({ code: 'usage', exit_code: 2 });
    expect(String(parsed.error.next_step)).toContain('Drop --json');
    expect(run.stdout).not.toContain('started');
    expect(servers.provider.tokenRequests()).toHaveLength(requests); // refused before any token
    // The global flag before the command is the same flag.
    const before = await cli(m, ['--json', 'run', '--', 'sh', '-c', 'echo started'], ccEnv());
    expect(before.code).toBe(2);
    expect(JSON.parse(before.stdout).error.code).toBe('usage');
    // After `--` it is the command's own argument.
    const passed = await cli(m, ['run', '--', 'sh', '-c', 'echo "$1"', 'sh', '--json'], ccEnv());
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stdout).toBe('--json\n');
  }, 60_000);
});

describe('errors', () => {
  it('start with one line saying what happened and what to do; a snippet to paste follows', async () => {
    expect(readme).not.toMatch(/Errors are one line/);
    const m = machine();
    const run = await cli(m, ['exchange', '--federation', 'jwt-bearer', '--client-id', FEDERATION_CLIENT], {
      GITLAB_CI: 'true',
      TOKENRELAY_ISSUER: servers.provider.issuer,
      TOKENRELAY_ID_TOKEN: '',
    });
    expect(run.code).toBe(2);
    const [first, ...rest] = run.stderr.trimEnd().split('\n');
    expect(first).toMatch(/^tokenrelay: The CI token variable TOKENRELAY_ID_TOKEN is empty or not set\. \S/);
    expect(rest.length).toBeGreaterThan(0);
    expect(first).toMatch(/:$/); // introduces the snippet
    // The YAML to paste, then at most a note in parentheses about it.
    for (const line of rest) expect(line).toMatch(/^\s*[\w.-]+:(?: \S.*)?$|^\(.*\)\.?$/);
    expect(rest.join('\n')).toContain('id_tokens:');
  });

  it('exit 1 says the same thing in the README, help exit-codes and the message itself', async () => {
    const row = /^\| 1 +\|(.*)\|$/m.exec(readme)?.[1] ?? '';
    const help = (await cli(machine(), ['help', 'exit-codes'])).stdout;
    const line = /^ {2}1 +(.*)$/m.exec(help)?.[1] ?? '';
    const hint = toTokenRelayError(new Error('boom')).hint ?? '';
    for (const text of [row, line, hint]) {
      expect(text).toContain('TOKENRELAY_DEBUG=stack');
      expect(text).not.toContain('--verbose');
    }
  });
});

describe('help environment', () => {
  it('lists each variable once', async () => {
    const env = (await cli(machine(), ['help', 'environment'])).stdout;
    const names = [...env.matchAll(/^ {2}(TOKENRELAY_[A-Z_]+) /gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(25);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
