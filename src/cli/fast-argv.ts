import { offeredOn, SETTING_ROWS } from '../core/settings-table.ts';

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The global setting flags (`--api-url URL`, …), by flag, under commander's option names. */
const VALUE_FLAGS = new Map<string, string>(
  SETTING_ROWS.filter(([, spec]) => offeredOn(spec, 'all')).map(([, spec]) => {
    const name = spec.flag!.split(' ')[0]!;
    return [`--${name}`, camel(name)] as const;
  }),
);
const SWITCHES = new Map<string, string>([
  ['--json', 'json'],
  ['-v', 'verbose'],
  ['--verbose', 'verbose'],
  ['-q', 'quiet'],
  ['--quiet', 'quiet'],
]);

/**
 * `auth token` with only global settings and switches after it (`--api-url URL`, `--profile
 * prod`, `--json`), read without the argument parser: what commander would make of them, or
 * undefined for anything else (`--token`, `--help`, a mistake), which the full command line
 * then parses and reports. Scripts naming their environment on the command line start as
 * fast as those naming it in the environment (README, Performance).
 */
export function plainAuthTokenOptions(argv: readonly string[]): Record<string, unknown> | undefined {
  if (argv[2] !== 'auth' || argv[3] !== 'token') return undefined;
  const opts: Record<string, unknown> = {};
  for (let i = 4; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS.get(flag);
    if (key) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('-'))) return undefined;
      opts[key] = value;
      continue;
    }
    const on = eq < 0 ? SWITCHES.get(arg) : undefined;
    if (!on) return undefined;
    opts[on] = true;
  }
  return opts;
}
