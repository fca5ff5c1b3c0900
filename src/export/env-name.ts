/**
 * Which names a token may be exported under (GitHub env, GitLab dotenv, shell). A token
 * written into a variable that shells, loaders, interpreters or the CI runner read would
 * change how every later step executes (or break it in ways that are hard to trace back),
 * so those names are refused with a hint to pick a name of one's own.
 * Compared case-insensitively: Windows environment names are, and `Path` is PATH there.
 */
import { usageError } from '../core/errors.ts';
import { SETTING_ROWS } from '../core/settings-table.ts';

const NAME_SYNTAX = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Exact names, grouped by why they are refused. */
const DENIED_NAMES: ReadonlyArray<readonly [reason: string, names: readonly string[]]> = [
  [
    'the shell reads it to find or run commands',
    [
      'PATH',
      'HOME',
      'SHELL',
      'IFS',
      'PS4',
      'PROMPT_COMMAND',
      'BASH_ENV',
      'ENV',
      'CDPATH',
      'SHELLOPTS',
      'BASHOPTS',
      'GLOBIGNORE',
    ],
  ],
  [
    'an interpreter loads code from it',
    [
      'PYTHONPATH',
      'PYTHONHOME',
      'PYTHONSTARTUP',
      'PERL5OPT',
      'PERL5LIB',
      'PERLLIB',
      'RUBYOPT',
      'RUBYLIB',
      'JAVA_TOOL_OPTIONS',
      '_JAVA_OPTIONS',
      'JDK_JAVA_OPTIONS',
    ],
  ],
  [
    'git or ssh runs a program named in it',
    ['GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_EXEC_PATH', 'GIT_CONFIG_PARAMETERS'],
  ],
  [
    'it routes or trusts the network traffic of later steps',
    [
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'NO_PROXY',
      'SSL_CERT_FILE',
      'SSL_CERT_DIR',
      'CURL_CA_BUNDLE',
      'REQUESTS_CA_BUNDLE',
    ],
  ],
  ['the CI system sets it', ['CI']],
];

/** Prefixes, with why. */
const DENIED_PREFIXES: ReadonlyArray<readonly [prefix: string, reason: string]> = [
  ['LD_', 'the dynamic loader reads it (LD_PRELOAD, LD_LIBRARY_PATH)'],
  ['DYLD_', 'the macOS dynamic loader reads it'],
  ['NODE_', 'Node.js reads NODE_* variables (NODE_OPTIONS, NODE_PATH, NODE_TLS_REJECT_UNAUTHORIZED)'],
  ['BASH_FUNC_', 'bash imports functions from it'],
  ['GITHUB_', 'GITHUB_* is reserved for the GitHub Actions runner'],
  ['RUNNER_', 'RUNNER_* is reserved for the GitHub Actions runner'],
  ['ACTIONS_', 'ACTIONS_* is reserved for the GitHub Actions runner'],
  ['CI_', 'CI_* is reserved for GitLab predefined variables'],
  ['GITLAB_', 'GITLAB_* is reserved for GitLab predefined variables'],
];

/** Our own settings: a token exported as TOKENRELAY_API_URL would become the next run's API URL. */
const TOKENRELAY_SETTINGS = new Set(
  SETTING_ROWS.flatMap(([, s]) => (s.env && s.env !== 'TOKENRELAY_TOKEN' ? [s.env] : [])),
);

/** Why `name` may not carry a token, or undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!NAME_SYNTAX.test(name)) {
    return 'a variable name must start with a letter or underscore and hold only letters, digits and underscores';
  }
  const upper = name.toUpperCase();
  for (const [reason, names] of DENIED_NAMES) {
    if (names.includes(upper)) return reason;
  }
  for (const [prefix, reason] of DENIED_PREFIXES) {
    if (upper.startsWith(prefix)) return reason;
  }
  if (TOKENRELAY_SETTINGS.has(upper)) return 'tokenrelay reads it as a setting';
  return undefined;
}

/** Returns `name`, or throws a usage error (exit 2) saying why and what to pick instead. */
export function validateEnvName(name: string, what = 'the token'): string {
  const problem = envNameProblem(name);
  if (problem) {
    throw usageError(
      `Cannot export ${what} as "${name}": ${problem}.`,
      'Pick a name of your own, such as MYAPI_TOKEN.',
    );
  }
  return name;
}
