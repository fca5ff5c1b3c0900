import { ExitCode } from '../core/errors.ts';
import { flagName, SETTING_ROWS } from '../core/settings-table.ts';

/** Variables tokenrelay reads that are not settings of the table (those are listed from it). */
const OTHER_VARIABLES: [string, string][] = [
  ['TOKENRELAY_TOKEN', 'the token to use (source 2 of the resolver); a secret'],
  [
    'TOKENRELAY_ID_TOKEN',
    "the CI job's OIDC token, e.g. from GitLab id_tokens (see TOKENRELAY_ID_TOKEN_ENV)",
  ],
  [
    'TOKENRELAY_CONFIG_DIR',
    'where config.toml and credentials.json live (default $XDG_CONFIG_HOME/tokenrelay or ~/.config/tokenrelay)',
  ],
  ['TOKENRELAY_DEBUG', "'stack': print the stack trace of an error, for a bug report"],
  [
    'TOKENRELAY_JOB_FILE',
    'set by the Action for later steps of its job: where its settings are; not set by hand',
  ],
  [
    'TOKENRELAY_EXPORTED_SETTINGS',
    'set by the Action with export-settings: which TOKENRELAY_* it exported; not set by hand',
  ],
  [
    'TOKENRELAY_JOB_TOKEN_SHA256',
    "set by the Action with env-name TOKENRELAY_TOKEN: tells the job's token from one a step set; not set by hand",
  ],
];

const EXIT_CODES: [number, string][] = [
  [ExitCode.ok, 'ok'],
  [ExitCode.unexpected, 'unexpected: a bug; run again with TOKENRELAY_DEBUG=stack and report it'],
  [ExitCode.usage, 'usage or configuration: bad flag, config file or value; nothing was sent'],
  [ExitCode.protocol, 'protocol: the server answered with something invalid'],
  [ExitCode.auth, 'authentication required or rejected: no credentials, a rejected token or secret, expired'],
  [ExitCode.unavailable, 'unavailable: network, timeout, 5xx or 429 after the retries'],
  [ExitCode.storage, 'local storage: the credentials file or the keychain'],
];

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return rows.map(([name, text]) => `  ${name.padEnd(width)}${text}`).join('\n');
}

export const HELP_TOPICS: Record<string, { summary: string; text: () => string }> = {
  environment: {
    summary: 'every TOKENRELAY_* variable',
    text: () =>
      [
        'Environment variables (a flag beats its variable; a variable beats config.toml):',
        '',
        table([
          ...SETTING_ROWS.map(([, s]) => s)
            .filter((s) => s.env)
            .map((s): [string, string] => [
              s.env!,
              `${s.description}${flagName(s) ? ` (--${flagName(s)})` : ''}${s.secret ? '; a secret' : ''}`,
            ]),
          ...OTHER_VARIABLES,
        ]),
        '',
        'Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) are honoured.',
      ].join('\n'),
  },
  'exit-codes': {
    summary: 'what each exit code means',
    text: () =>
      [
        'Exit codes (scripts may branch on them):',
        '',
        table(EXIT_CODES.map(([c, t]) => [String(c), t])),
      ].join('\n'),
  },
  config: {
    summary: 'config.toml: profiles and their keys',
    text: () =>
      [
        'config.toml lives in $TOKENRELAY_CONFIG_DIR, else $XDG_CONFIG_HOME/tokenrelay, else',
        '~/.config/tokenrelay. It never holds a secret. Precedence: flag > variable > profile > default.',
        '',
        '  default_profile = "prod"',
        '',
        '  [profiles.prod]',
        '  api_url = "https://api.example.com"',
        '  issuer = "https://auth.example.com"',
        '  client_id = "cli"',
        '',
        'Keys of a profile (--profile NAME or TOKENRELAY_PROFILE picks one):',
        '',
        table([
          ...SETTING_ROWS.map(([, s]) => s)
            .filter((s) => s.config)
            .map((s): [string, string] => [s.config!, s.description]),
          [
            'routes',
            'validation path by token shape: [{ prefix = "x_", path = "/api/…" }, { jwt = true, path = "…" }]',
          ],
        ]),
        '',
        'A host the credential helpers answer for (tokenrelay credential git|docker|kubectl):',
        '',
        '  [hosts."git.example.com"]',
        '  profile = "prod"          # the profile that answers for this host',
        '  username = "oauth2"       # the username the tool is given with the token',
      ].join('\n'),
  },
};
