/**
 * `export-settings`: the settings a step used, as the TOKENRELAY_* variables a later
 * `tokenrelay` reads, so `tokenrelay validate` / `auth token` in a `run:` step talk to the same
 * issuer, API, tenant and headers. Secrets never: the client secret and private key are not
 * settings a later step gets from here (a masked value in GITHUB_ENV is still one more copy).
 * Defaults are left out: the later step has the same defaults.
 */

import type { Settings } from '../core/settings.ts';
import { SETTING_ROWS } from '../core/settings-table.ts';

export function settingsAsEnv(settings: Settings): [name: string, value: string][] {
  const out: [string, string][] = [];
  for (const [key, spec] of SETTING_ROWS) {
    if (!spec.env || spec.secret || key === 'profile') continue;
    if (!settings.origins[key]) continue;
    const value = settings[key as keyof Settings];
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    if (text !== '') out.push([spec.env, text]);
  }
  return out;
}
