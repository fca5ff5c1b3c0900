import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseEnvironment } from '../../src/core/environment.ts';
import { TokenRelayError } from '../../src/core/errors.ts';
import { configDir, environmentLockPath, tildePath } from '../../src/store/paths.ts';

describe('normaliseEnvironment', () => {
  it.each([
    ['https://api.example.com', 'https://api.example.com'],
    ['https://api.example.com/', 'https://api.example.com'],
    ['HTTPS://API.Example.COM', 'https://api.example.com'],
    ['https://api.example.com:443/v1/', 'https://api.example.com/v1'],
    ['https://api.example.com:8443/V1//', 'https://api.example.com:8443/V1'],
    ['  http://127.0.0.1:8080/issuer/  ', 'http://127.0.0.1:8080/issuer'],
    ['https://api.example.com/v1#frag', 'https://api.example.com/v1'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseEnvironment(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normaliseEnvironment('HTTPS://Dev.Example.com/api/');
    expect(normaliseEnvironment(once)).toBe(once);
  });

  it.each(['not a url', 'ftp://example.com', ''])('rejects %j as a usage error', (input) => {
    expect(() => normaliseEnvironment(input)).toThrow(TokenRelayError);
    try {
      normaliseEnvironment(input);
    } catch (e) {
      expect((e as TokenRelayError).exitCode).toBe(2);
    }
  });

  it('rejects credentials in the URL without echoing them', () => {
    let message = '';
    try {
      normaliseEnvironment('https://user:hunter2secret@api.example.com');
    } catch (e) {
      message = (e as TokenRelayError).describe();
    }
    expect(message).toContain('user name or password');
    expect(message).not.toContain('hunter2secret');
  });
});

describe('configDir', () => {
  it('prefers TOKENRELAY_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configDir({ TOKENRELAY_CONFIG_DIR: '/x/tr', XDG_CONFIG_HOME: '/x/xdg', HOME: '/home/a' })).toBe(
      '/x/tr',
    );
    expect(configDir({ XDG_CONFIG_HOME: '/x/xdg', HOME: '/home/a' })).toBe(join('/x/xdg', 'tokenrelay'));
    expect(configDir({ HOME: '/home/a' })).toBe(join('/home/a', '.config', 'tokenrelay'));
  });

  it('names one lock file per environment', () => {
    const a = environmentLockPath('/c', 'https://a.example.com');
    expect(dirname(a)).toBe(join('/c', 'locks'));
    expect(basename(a)).toMatch(/^env-[0-9a-f]{16}\.lock$/);
    expect(environmentLockPath('/c', 'https://b.example.com')).not.toBe(a);
    expect(environmentLockPath('/c', 'https://a.example.com')).toBe(a);
  });

  it('shortens paths under the home directory for messages', () => {
    // In the platform's own separators, as configDir builds them.
    const home = join('/home', 'a');
    expect(tildePath(join(home, '.config', 'tokenrelay', 'credentials.json'), home)).toBe(
      `~${join('/', '.config', 'tokenrelay', 'credentials.json')}`,
    );
    expect(tildePath(join('/home', 'ab', 'x'), home)).toBe(join('/home', 'ab', 'x'));
  });
});
