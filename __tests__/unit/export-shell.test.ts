import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderShellExports, shellQuote } from '../../src/export/shell.ts';
import { sampleToken } from './export-fixtures.ts';

const HOSTILE = [
  "it's",
  "''",
  '$HOME and $' + '{PATH} and $(id) and `id`',
  'back\\slash\\',
  'spaces  and\ttabs ',
  'new\nline and \r carriage',
  '"double" \'single\' !bang #hash ;semi &amp |pipe *glob ?q [x]',
  'unicode ✓ 日本語 🚀',
  "'; echo pwned; '",
  '-n',
];

/** Evaluates the lines in a real shell and prints the variable back byte for byte. */
function roundTrip(shell: string, lines: string, name: string): string {
  // stdin closed: bash sources ~/.bashrc when stdin is a socket (its rshd/sshd heuristic).
  const r = spawnSync(shell, ['-c', `${lines}printf %s "$${name}"`], {
    encoding: 'utf8',
    env: {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('renderShellExports', () => {
  it('writes export lines for the token and its facts', () => {
    expect(renderShellExports(sampleToken({ accessToken: 'abc' }))).toBe(
      "export TOKENRELAY_TOKEN='abc'\n" +
        "export TOKENRELAY_TOKEN_TYPE='Bearer'\n" +
        "export TOKENRELAY_TOKEN_EXPIRES_AT='2026-11-23T12:00:00Z'\n" +
        "export TOKENRELAY_TOKEN_TENANT='acme'\n" +
        "export TOKENRELAY_TOKEN_WORKSPACE='ws-42'\n",
    );
  });

  it.each(['bash', 'sh'])('round-trips hostile tokens through %s exactly', (shell) => {
    for (const accessToken of HOSTILE) {
      const lines = renderShellExports(sampleToken({ accessToken }), 'MYAPI_TOKEN');
      expect(roundTrip(shell, lines, 'MYAPI_TOKEN')).toBe(accessToken);
    }
  });

  it('round-trips a fact through bash too', () => {
    const lines = renderShellExports(sampleToken({ tenant: "o'brien $x" }));
    expect(roundTrip('bash', lines, 'TOKENRELAY_TOKEN_TENANT')).toBe("o'brien $x");
  });

  it('exports the variables to child processes', () => {
    const lines = renderShellExports(sampleToken({ accessToken: "child's view" }));
    const r = spawnSync('bash', ['-c', `${lines}bash -c 'printf %s "$TOKENRELAY_TOKEN"'`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.stdout).toBe("child's view");
  });

  it('refuses NUL, which no shell variable can hold', () => {
    expect(() => renderShellExports(sampleToken({ accessToken: 'a\0b' }))).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('NUL') }),
    );
  });

  it('refuses a name that would change how the shell runs', () => {
    expect(() => renderShellExports(sampleToken(), 'PROMPT_COMMAND')).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });

  it('shellQuote', () => {
    expect(shellQuote("a'b")).toBe("'a'\\''b'");
    expect(shellQuote('')).toBe("''");
  });
});
