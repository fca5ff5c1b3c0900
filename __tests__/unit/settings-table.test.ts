/**
 * The settings table is the one place a setting is declared. What is written by hand beside
 * it — the README's settings table and action.yml — is held to it here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/core/config-file.ts';
import { resolveSettings } from '../../src/core/settings.ts';
import { flagName, inputName, SETTING_ROWS } from '../../src/core/settings-table.ts';

// A path on every OS (a URL's pathname is /C:/... on Windows, where CI runs the unit tests too).
const root = `${import.meta.dirname}/../../`;
const readme = readFileSync(`${root}README.md`, 'utf8');
const actionYml = readFileSync(`${root}action.yml`, 'utf8');

/** The README's settings table: [flag, environment, config key] per row, `—` for none. */
function readmeRows(): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^\| flag\s+\| environment\s+\| config key/.test(l));
  expect(start, 'README has no settings table').toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim().replace(/^\(?`([^`]*)`\)?$/, '$1')),
    );
  }
  return rows;
}

/** An input's `default:` in action.yml, or undefined. */
function actionDefault(input: string): string | undefined {
  const block = new RegExp(`^ {2}${input}:\\n((?: {4}.*\\n)*)`, 'm').exec(actionYml)?.[1] ?? '';
  return /^ {4}default: "?([^"\n]*)"?$/m.exec(block)?.[1];
}

describe('the settings table', () => {
  const rows = readmeRows();

  it('has a README row for every setting a user can set, with its flag, variable and config key', () => {
    for (const [key, spec] of SETTING_ROWS) {
      if (!spec.env && !spec.config) continue;
      const row = rows.find(([, env, config]) => (spec.env ? env === spec.env : config === spec.config));
      expect(row, `README settings table has no row for ${key}`).toBeDefined();
      const [flag, env, config] = row!;
      expect(env, key).toBe(spec.env ?? '—');
      if (key !== 'profile') expect(config, key).toBe(spec.config ?? '—');
      // Secrets are given by their -stdin / -file forms, which the README names instead.
      if (!spec.secret) expect(flag, key).toBe(spec.flag ? `--${flagName(spec)}` : '—');
    }
  });

  it('is the only source of the README rows (routes, a config-file table, aside)', () => {
    const known = new Set(SETTING_ROWS.flatMap(([, s]) => [s.env, s.config]).filter(Boolean));
    for (const [flag, env, config] of rows) {
      if (config === 'routes') continue;
      expect(known.has(env!) || known.has(config!), `README row ${flag} ${env} ${config}`).toBe(true);
    }
  });

  it('declares every input it names in action.yml, with the same default', () => {
    for (const [key, spec] of SETTING_ROWS) {
      const input = inputName(spec);
      if (!input) continue;
      expect(actionYml, key).toMatch(new RegExp(`^ {2}${input}:$`, 'm'));
      const stated = actionDefault(input);
      expect(stated, `action.yml default of ${input}`).toBe(
        spec.value.default === undefined ? undefined : String(spec.value.default),
      );
    }
  });

  it('gives every default to the resolved settings', () => {
    const s = resolveSettings({ flags: {}, env: {} }) as unknown as Record<string, unknown>;
    for (const [key, spec] of SETTING_ROWS) {
      if (spec.value.default !== undefined) expect(s[key], key).toBe(spec.value.default);
    }
  });

  it('makes every config key known to the config file, and only those', async () => {
    const keys = SETTING_ROWS.flatMap(([, s]) => (s.config && !s.secret ? [s.config] : []));
    // Each key with a value of its kind (token_env: a name a config file may use).
    const value = (k: string) => (k.endsWith('seconds') || k === 'retries' ? 5 : `"${k.toUpperCase()}_X"`);
    const text = `[profiles.p]\n${keys.map((k) => `${k} = ${value(k)}`).join('\n')}\n`;
    expect(Object.keys((await parseConfigFile(text, '/c.toml')).profiles.get('p')!.values).sort()).toEqual(
      keys.sort(),
    );
    await expect(parseConfigFile('[profiles.p]\nnot_a_setting = "x"\n', '/c.toml')).rejects.toThrow(
      /not_a_setting/,
    );
  });

  it('reads the refresh window like every other setting', () => {
    expect(
      resolveSettings({ flags: {}, env: { TOKENRELAY_REFRESH_WINDOW_SECONDS: '90' } }).refreshWindowSeconds,
    ).toBe(90);
    expect(() => resolveSettings({ flags: {}, env: { TOKENRELAY_REFRESH_WINDOW_SECONDS: '5m' } })).toThrow(
      /TOKENRELAY_REFRESH_WINDOW_SECONDS must be a whole number/,
    );
  });
});
