import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLeft, startSpinner } from '../../src/cli/spinner.ts';
import { isSecret } from '../../src/core/secrets.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import { openBrowser } from '../../src/login/browser-opener.ts';
import { escapeHtml } from '../../src/login/callback-page.ts';
import { readPastedCallback } from '../../src/login/paste-back.ts';
import { describePorts, parsePortList } from '../../src/login/port-list.ts';
import { authorizationUrl } from '../../src/oauth/authorization-code.ts';
import { describeDuration } from '../../src/oauth/duration.ts';
import { loginPrompt, loginScope } from '../../src/oauth/login-scope.ts';
import { newPkceAttempt } from '../../src/oauth/pkce.ts';

describe('--port lists', () => {
  it('reads ranges and lists, in order, without repeats', () => {
    expect(parsePortList('8765-8769')).toEqual([8765, 8766, 8767, 8768, 8769]);
    expect(parsePortList('8765,8766')).toEqual([8765, 8766]);
    expect(parsePortList(' 9000, 8765-8766 ,9000')).toEqual([9000, 8765, 8766]);
  });

  it.each(['', '80-70', '0', '70000', 'abc', '1-200', '8765;8766'])('refuses %j as a usage error', (text) => {
    expect(() => parsePortList(text)).toThrow(expect.objectContaining({ kind: 'usage' }));
  });

  it('names ports readably', () => {
    expect(describePorts([8765, 8766, 8767])).toBe('8765, 8766 and 8767');
    expect(describePorts([1, 2, 3, 4, 5, 6, 7, 8])).toBe('1, 2, 3, 4, 5 … 8 (8 ports)');
  });
});

describe('PKCE', () => {
  it('makes a fresh S256 verifier per attempt and masks it at once; the state stays printable', async () => {
    const a = await newPkceAttempt();
    const b = await newPkceAttempt();
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.state).not.toBe(b.state);
    expect(a.method).toBe('S256');
    expect(a.challenge).not.toBe(a.verifier);
    expect(isSecret(a.verifier)).toBe(true);
    expect(isSecret(a.state)).toBe(false);
  });
});

describe('callback page text', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'\``)).toBe(
      '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;&#96;',
    );
  });
});

describe('login scope', () => {
  it('asks for identity scopes the server lists, offline_access only where offered', () => {
    const issuer = 'https://idp.example';
    expect(
      loginScope({ issuer, scopes_supported: ['openid', 'email', 'offline_access', 'read'] }, undefined),
    ).toBe('openid email offline_access');
    expect(loginScope({ issuer }, undefined)).toBe('openid profile email');
    expect(loginScope({ issuer }, '  read   write ')).toBe('read write');
  });
});

describe('login prompt (OpenID Connect Core §11)', () => {
  it('is consent exactly when offline_access is asked for, unless configured', () => {
    expect(loginPrompt('openid email offline_access', undefined)).toBe('consent');
    expect(loginPrompt('openid email', undefined)).toBeUndefined();
    expect(loginPrompt('openid offline_access', 'login')).toBe('login');
    expect(loginPrompt('openid offline_access', '')).toBeUndefined();
  });

  it('reaches the authorization URL', async () => {
    const server = { issuer: 'https://idp.example', authorization_endpoint: 'https://idp.example/authorize' };
    const pkce = await newPkceAttempt();
    const url = (prompt?: string) =>
      authorizationUrl(server, 'cli', 'http://127.0.0.1:1/callback', pkce, {
        scope: 'openid offline_access',
        ...(prompt ? { prompt } : {}),
      });
    expect(url('consent').searchParams.get('prompt')).toBe('consent');
    expect(url().searchParams.has('prompt')).toBe(false);
  });

  it('--prompt / TOKENRELAY_PROMPT: omit means none; a value that is no OpenID prompt is a usage error', () => {
    expect(resolveSettings({ flags: { prompt: 'omit' }, env: {} }).prompt).toBe('');
    expect(resolveSettings({ flags: {}, env: { TOKENRELAY_PROMPT: 'select_account consent' } }).prompt).toBe(
      'select_account consent',
    );
    expect(() => resolveSettings({ flags: {}, env: { TOKENRELAY_PROMPT: 'consent;login' } })).toThrow(
      expect.objectContaining({ kind: 'usage', message: expect.stringContaining('TOKENRELAY_PROMPT') }),
    );
  });
});

describe('paste-back input', () => {
  const server = { issuer: 'https://idp.example', authorization_response_iss_parameter_supported: true };
  const lines = (...input: (string | undefined)[]) => {
    const prompts: string[] = [];
    const readLine = async (prompt: string) => {
      prompts.push(prompt);
      return input.shift();
    };
    return { prompts, readLine };
  };

  it('takes a bare code, masked the moment it is read', async () => {
    const said: string[] = [];
    const input = lines('', '  bare-code-1234567  ');
    const params = await readPastedCallback({
      server,
      clientId: 'c',
      expectedState: 's1',
      ...input,
      say: (l) => said.push(l),
    });
    expect(params.get('code')).toBe('bare-code-1234567');
    expect(isSecret('bare-code-1234567')).toBe(true);
    expect(input.prompts).toHaveLength(2);
  });

  it('asks again after a URL from another attempt, then takes the right one', async () => {
    const said: string[] = [];
    const callback = 'http://127.0.0.1:1234/callback?code=pasted-code-99&iss=https%3A%2F%2Fidp.example';
    const input = lines(`${callback}&state=old`, `${callback}&state=s1`);
    const params = await readPastedCallback({
      server,
      clientId: 'c',
      expectedState: 's1',
      ...input,
      say: (l) => said.push(l),
    });
    expect(params.get('code')).toBe('pasted-code-99');
    expect(said.join(' ')).toContain('another login attempt');
  });

  it('fails as a protocol error (3) on a pasted URL with a repeated code', async () => {
    const input = lines('http://127.0.0.1:1/callback?code=a1&code=b2&state=s1');
    await expect(
      readPastedCallback({ server, clientId: 'c', expectedState: 's1', ...input, say: () => {} }),
    ).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('ends with a usage error at end of input', async () => {
    await expect(
      readPastedCallback({ server, clientId: 'c', expectedState: 's1', ...lines(undefined), say: () => {} }),
    ).rejects.toMatchObject({ kind: 'usage', message: expect.stringContaining('No redirect URL or code') });
  });
});

describe('browser opener', () => {
  const url = 'http://127.0.0.1:5555/auth?a=1&b=$(touch PWNED);echo`id`';

  it('tries each $BROWSER entry, never through a shell, with the URL as one argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-opener-'));
    const failing = join(dir, 'failing.sh');
    const working = join(dir, 'working.sh');
    writeFileSync(failing, '#!/bin/sh\nexit 3\n');
    writeFileSync(working, `#!/bin/sh\nprintf '%s|%s' "$1" "$#" > '${join(dir, 'got')}'\n`);
    chmodSync(failing, 0o755);
    chmodSync(working, 0o755);

    const opened = await openBrowser(url, {
      env: { BROWSER: `${join(dir, 'missing')}:${failing}:${working} --flag-before %s` },
      platform: 'linux',
    });
    expect(opened).toBe(working);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('--flag-before|2');
    const withUrl = await openBrowser(url, { env: { BROWSER: working }, platform: 'linux' });
    expect(withUrl).toBe(working);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe(`${url}|1`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    expect(existsSync('PWNED')).toBe(false);
  });

  it.each([
    ['linux', ['xdg-open', url]],
    ['darwin', ['open', url]],
    ['win32', ['rundll32', 'url.dll,FileProtocolHandler', url]],
  ] as const)('falls back to the %s opener', async (platform, argv) => {
    const calls: string[][] = [];
    const spawn = (command: string, args: string[], options: { shell?: unknown }) => {
      calls.push([command, ...args]);
      expect(options.shell).toBe(false);
      const child = Object.assign(new EventEmitter(), { unref: () => {} });
      setImmediate(() => child.emit('exit', 0));
      return child as unknown as ChildProcess;
    };
    expect(await openBrowser(url, { env: {}, platform, spawn })).toBe(argv[0]);
    expect(calls).toEqual([argv]);
  });

  it('reports that nothing worked, and never hands over a non-web URL', async () => {
    const spawn = () => {
      const child = Object.assign(new EventEmitter(), { unref: () => {} });
      setImmediate(() => child.emit('error', Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' })));
      return child as unknown as ChildProcess;
    };
    expect(await openBrowser(url, { env: {}, platform: 'linux', spawn })).toBeUndefined();
    expect(await openBrowser('file:///etc/passwd', { env: { BROWSER: '/bin/true' } })).toBeUndefined();
  });
});

describe('waiting display', () => {
  it('says how long a login waited', () => {
    expect([300_000, 90_000, 1_000, 60_000].map(describeDuration)).toEqual([
      '5 minutes',
      '90 seconds',
      '1 second',
      '1 minute',
    ]);
  });

  it('formats the time left', () => {
    expect(formatLeft(299_001)).toBe('5:00');
    expect(formatLeft(61_000)).toBe('1:01');
    expect(formatLeft(-5)).toBe('0:00');
  });

  it('writes plain lines when stderr is not a terminal, and redraws in place when it is', async () => {
    const plain: string[] = [];
    const spinner = startSpinner('Waiting', 90_000, {
      stream: { write: (t) => plain.push(t), isTTY: false },
      now: () => 0,
      lineEveryMs: 10,
    });
    await new Promise((r) => setTimeout(r, 35));
    spinner.stop();
    expect(plain.length).toBeGreaterThanOrEqual(2);
    expect(plain[0]).toBe('Waiting… 1:30 left\n');

    const tty: string[] = [];
    startSpinner('Waiting', 90_000, {
      stream: { write: (t) => tty.push(t), isTTY: true },
      now: () => 0,
    }).stop();
    expect(tty[0]).toMatch(/^\r\x1b\[2K. Waiting… 1:30 left$/);
    expect(tty.at(-1)).toBe('\r\x1b[2K');
  });
});
