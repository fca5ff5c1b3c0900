import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helperEnv } from '../../src/core/helper-env.ts';
import { registerSecret } from '../../src/core/secrets.ts';
import { openBrowser } from '../../src/login/browser-opener.ts';

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

  it('starts the browser without tokenrelay variables or any variable holding a registered secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-opener-'));
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nenv > '${join(dir, 'env')}'\n`);
    chmodSync(browser, 0o755);
    const secret = registerSecret('a-registered-secret-value-0123');
    const env = {
      BROWSER: browser,
      PATH: process.env.PATH,
      DISPLAY: ':0',
      TOKENRELAY_CLIENT_SECRET: 'unregistered-but-tokenrelay-0123',
      tokenrelay_profile: 'prod',
      SOME_TOOL_TOKEN: secret,
      WRAPPED: `Bearer ${secret}`,
    };
    expect(await openBrowser(url, { env, platform: 'linux' })).toBe(browser);
    const seen = readFileSync(join(dir, 'env'), 'utf8');
    expect(seen).toContain('DISPLAY=:0');
    expect(seen).toContain(`BROWSER=${browser}`);
    expect(seen).not.toMatch(/^(TOKENRELAY_|tokenrelay_|SOME_TOOL_TOKEN=|WRAPPED=)/m);
    expect(seen).not.toContain(secret);
    expect(helperEnv(env)).toEqual({ BROWSER: browser, PATH: process.env.PATH, DISPLAY: ':0' });
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
