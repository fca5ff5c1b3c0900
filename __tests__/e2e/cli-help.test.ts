/**
 * Help that helps: each command's --help shows the global options it uses, `tokenrelay help
 * TOPIC` explains variables, exit codes and config.toml, and the completion scripts work.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, machine } from './auth-session-fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Every TOKENRELAY_* name the source reads or mentions. */
function variablesInSource(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bTOKENRELAY_[A-Z_]*[A-Z]\b/g)) names.add(m[0]);
      }
    }
  };
  walk(join(root, 'src'));
  names.delete('TOKENRELAY_SETTINGS'); // a constant's name in src/export/env-name.ts, not a variable
  return [...names].sort();
}

describe('help', () => {
  it('exchange and auth login --help list the global options they use', async () => {
    for (const command of [['exchange'], ['auth', 'login']]) {
      const run = await cli(machine(), [...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Global Options:');
      for (const flag of ['--issuer', '--client-id', '--scope', '--api-url', '--tenant', '--json']) {
        expect(run.stdout, `${command.join(' ')} --help`).toContain(flag);
      }
    }
    const logout = await cli(machine(), ['auth', 'logout', '--help']);
    expect(logout.stdout).toContain('--api-url');
    expect(logout.stdout).not.toContain('--client-id');
  });

  it('help environment names every TOKENRELAY_* variable; exit-codes and config too', async () => {
    const env = await cli(machine(), ['help', 'environment']);
    expect(env.code, env.stderr).toBe(0);
    const vars = variablesInSource();
    expect(vars.length).toBeGreaterThan(25);
    for (const name of vars) expect(env.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const codes = await cli(machine(), ['help', 'exit-codes']);
    for (const code of [0, 1, 2, 3, 4, 5, 6])
      expect(codes.stdout).toMatch(new RegExp(`^  ${code}  \\w`, 'm'));
    const config = await cli(machine(), ['help', 'config']);
    for (const key of ['default_profile', 'api_url', 'client_id', 'token_env', 'routes']) {
      expect(config.stdout).toContain(key);
    }
    const json = await cli(machine(), ['help', 'exit-codes', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      topic: 'exit-codes',
      text: expect.stringContaining('6'),
    });
    const command = await cli(machine(), ['help', 'auth', 'status']);
    expect(flat(command.stdout)).toContain('Usage: tokenrelay auth status');
    const unknown = await cli(machine(), ['help', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('environment, exit-codes, config');
  });
});

describe('completion', () => {
  it('the bash script loads in bash and completes commands and options', async () => {
    const m = machine();
    const run = await cli(m, ['completion', 'bash']);
    expect(run.code, run.stderr).toBe(0);
    const script = join(m.home, 'tokenrelay.bash');
    writeFileSync(script, run.stdout);
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '--norc',
          '-c',
          // What bash sets before calling the function: the line up to the cursor, and its words.
          `source "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && COMP_LINE="$*" && COMP_POINT=\${#COMP_LINE} && _tokenrelay && printf '%s\\n' "\${COMPREPLY[@]}"`,
          'complete',
          script,
          ...words,
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
    expect(complete('tokenrelay', 'au')).toEqual(['auth']);
    expect(complete('tokenrelay', 'auth', 'lo').sort()).toEqual(['login', 'logout']);
    expect(complete('tokenrelay', '--json', 'auth', 'login', '--iss')).toEqual(['--issuer']);
    expect(complete('tokenrelay', 'help', 'exit')).toEqual(['exit-codes']);
    expect(
      execFileSync('bash', ['--norc', '-c', 'source "$1" && complete -p tokenrelay', 'x', script], {
        encoding: 'utf8',
      }),
    ).toContain('-F _tokenrelay');
  });

  it('the zsh script loads in zsh (bashcompinit) and finds the candidates', async () => {
    const m = machine();
    const zsh = await cli(m, ['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef tokenrelay\n')).toBe(true);
    const script = join(m.home, 'tokenrelay.zsh');
    writeFileSync(script, zsh.stdout);
    // What zsh's _bash_complete does: COMP_WORDS/COMP_CWORD, the function run under sh emulation;
    // zsh itself then filters the candidates by what was typed.
    const out = execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        'source "$1" && complete -p && COMP_WORDS=(tokenrelay auth lo) && COMP_CWORD=2 && COMP_LINE="tokenrelay auth lo" && COMP_POINT=18 && emulate sh -c _tokenrelay && print -rl -- "$COMPREPLY[@]"',
        'x',
        script,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: m.home } },
    );
    expect(out).toContain('-F _tokenrelay tokenrelay');
    const candidates = out.split('\n');
    expect(candidates).toEqual(expect.arrayContaining(['login', 'logout', 'switch', '--json']));
    expect(candidates).not.toContain('exchange');
  });

  it('the fish script loads in fish and completes', async () => {
    const m = machine();
    const fish = await cli(m, ['completion', 'fish']);
    const script = join(m.home, 'tokenrelay.fish');
    writeFileSync(script, fish.stdout);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source $argv[1]; complete -C '${line}'`, script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: m.home },
      })
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]);
    expect(complete('tokenrelay au')).toEqual(['auth']);
    expect(complete('tokenrelay auth lo').sort()).toEqual(['login', 'logout']);
    expect(complete('tokenrelay auth login --iss')).toEqual(['--issuer']);
  });

  it('another shell is a usage error; --json carries the script', async () => {
    const other = await cli(machine(), ['completion', 'tcsh', '--json']);
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout).error).toMatchObject({ code: 'usage', exit_code: 2 });
    const json = JSON.parse((await cli(machine(), ['completion', 'bash', '--json'])).stdout);
    expect(json).toMatchObject({
      shell: 'bash',
      script: expect.stringContaining('-F _tokenrelay tokenrelay'),
    });
  });
});
