/**
 * Which names a token may be exported under (GitHub env, GitLab dotenv, shell). A token
 * written into a variable that shells, loaders, interpreters, tools or the CI runner read
 * would change how every later step executes (or break it in ways that are hard to trace
 * back), so those names are refused — by rules, not a list of names, so a variable the list
 * forgot (GIT_DIR, DOTNET_STARTUP_HOOKS, npm_config_registry) is covered by its family.
 * Compared case-insensitively: Windows environment names are, and `Path` is PATH there.
 */
import { usageError } from '../core/errors.ts';
import { SETTING_ROWS } from '../core/settings-table.ts';

const NAME_SYNTAX = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Rule {
  /** What the error names: `GIT_*`, `PS1-PS4`, `PATH`. */
  rule: string;
  matches: (upper: string) => boolean;
  why: string;
}

const prefix = (p: string, why: string): Rule => ({ rule: `${p}*`, matches: (n) => n.startsWith(p), why });
const exact = (names: readonly string[], why: string): Rule[] =>
  names.map((n) => ({ rule: n, matches: (u) => u === n, why }));

/** Our own settings: a token exported as TOKENRELAY_API_URL would become the next run's API URL. */
const TOKENRELAY_SETTINGS = new Set(
  SETTING_ROWS.flatMap(([, s]) => (s.env && s.env !== 'TOKENRELAY_TOKEN' ? [s.env] : [])),
);

const RULES: readonly Rule[] = [
  ...exact(
    [
      'PATH',
      'HOME',
      'SHELL',
      'IFS',
      'PROMPT_COMMAND',
      'ENV',
      'CDPATH',
      'SHELLOPTS',
      'BASHOPTS',
      'GLOBIGNORE',
    ],
    'the shell reads it to find or run commands',
  ),
  { rule: 'PS1-PS4', matches: (n) => /^PS[1-4]$/.test(n), why: 'the shell expands it as a prompt' },
  prefix('BASH_', 'bash reads BASH_* variables (BASH_ENV runs a file, BASH_FUNC_* defines functions)'),
  ...exact(
    ['EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'LESSOPEN', 'LESSCLOSE', 'BROWSER', 'SUDO_ASKPASS'],
    'tools run the program it names',
  ),
  ...exact(['TMPDIR', 'TMP', 'TEMP'], 'every tool writes its temporary files where it points'),
  ...exact(
    ['GCONV_PATH', 'LOCPATH', 'NLSPATH', 'HOSTALIASES', 'RESOLV_HOST_CONF', 'MALLOC_CONF'],
    'the C library loads files or changes behaviour from it',
  ),
  prefix('LD_', 'the dynamic loader reads it (LD_PRELOAD, LD_LIBRARY_PATH)'),
  prefix('DYLD_', 'the macOS dynamic loader reads it'),
  prefix('NODE_', 'Node.js reads NODE_* variables (NODE_OPTIONS, NODE_PATH, NODE_TLS_REJECT_UNAUTHORIZED)'),
  prefix('NPM_CONFIG_', 'npm reads npm_config_* variables as its configuration (registry, scripts)'),
  prefix('PYTHON', 'Python reads PYTHON* variables (PYTHONPATH, PYTHONSTARTUP)'),
  prefix('RUBY', 'Ruby reads RUBY* variables (RUBYOPT, RUBYLIB)'),
  prefix('PERL', 'Perl reads PERL* variables (PERL5OPT, PERL5LIB)'),
  prefix('JAVA_', 'the JVM reads JAVA_* variables (JAVA_TOOL_OPTIONS)'),
  ...exact(['_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS'], 'the JVM reads its options from it'),
  prefix('DOTNET_', '.NET reads DOTNET_* variables (DOTNET_STARTUP_HOOKS loads code)'),
  prefix('COREHOST_', '.NET reads COREHOST_* variables'),
  prefix(
    'GIT_',
    'git reads GIT_* variables (GIT_SSH_COMMAND, GIT_PAGER and GIT_ASKPASS run programs, GIT_DIR moves the repository)',
  ),
  prefix('SSH_', 'ssh reads SSH_* variables (SSH_ASKPASS runs a program, SSH_AUTH_SOCK picks the agent)'),
  ...exact(
    [
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'NO_PROXY',
      'FTP_PROXY',
      'SSL_CERT_FILE',
      'SSL_CERT_DIR',
      'CURL_CA_BUNDLE',
      'REQUESTS_CA_BUNDLE',
      'CURL_HOME',
      'WGETRC',
    ],
    'it routes or trusts the network traffic of later steps',
  ),
  prefix('DOCKER_', 'docker reads DOCKER_* variables (DOCKER_HOST picks the daemon)'),
  prefix('INPUT_', "INPUT_* is how the runner passes a step's inputs"),
  prefix('STATE_', "STATE_* is how the runner passes a step's saved state"),
  prefix('GITHUB_', 'GITHUB_* is reserved for the GitHub Actions runner'),
  prefix('RUNNER_', 'RUNNER_* is reserved for the GitHub Actions runner'),
  prefix('ACTIONS_', 'ACTIONS_* is reserved for the GitHub Actions runner'),
  ...exact(['CI'], 'the CI system sets it'),
  prefix('CI_', 'CI_* is reserved for GitLab predefined variables'),
  prefix('GITLAB_', 'GITLAB_* is reserved for GitLab predefined variables'),
  {
    rule: 'TOKENRELAY_<setting>',
    matches: (n) => TOKENRELAY_SETTINGS.has(n),
    why: 'tokenrelay reads it as a setting',
  },
];

/** Why `name` may not carry a token (naming the rule), or undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!NAME_SYNTAX.test(name)) {
    return 'a variable name must start with a letter or underscore and hold only letters, digits and underscores';
  }
  const upper = name.toUpperCase();
  const hit = RULES.find((r) => r.matches(upper));
  return hit ? `it falls under the rule ${hit.rule}: ${hit.why}` : undefined;
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
