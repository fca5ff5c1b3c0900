import { describe, expect, it } from 'vitest';
import { envNameProblem, validateEnvName } from '../../src/export/env-name.ts';
import { thrown } from '../../test-support/expect-error.ts';

describe('validateEnvName', () => {
  it.each([
    'MYAPI_TOKEN',
    'TOKENRELAY_TOKEN',
    '_private',
    'a1',
    'Api_Token_2',
    'PATHFINDER_TOKEN',
    'HOMEPAGE',
  ])('accepts %s', (name) => {
    expect(validateEnvName(name)).toBe(name);
  });

  it.each([
    '',
    '1TOKEN',
    'MY-TOKEN',
    'MY TOKEN',
    'TOKÉN',
    'A=B',
    'X\nY',
    '$X',
  ])('refuses the malformed %j', (name) => {
    expect(envNameProblem(name)).toMatch(/letter or underscore/);
  });

  it.each([
    'PATH',
    'Path',
    'HOME',
    'SHELL',
    'IFS',
    'PS4',
    'PROMPT_COMMAND',
    'BASH_ENV',
    'ENV',
    'CDPATH',
    'PYTHONPATH',
    'PERL5OPT',
    'RUBYOPT',
    'JAVA_TOOL_OPTIONS',
    'GIT_SSH_COMMAND',
    'GIT_ASKPASS',
    'HTTPS_PROXY',
    'https_proxy',
    'SSL_CERT_FILE',
    'CI',
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'DYLD_INSERT_LIBRARIES',
    'NODE_OPTIONS',
    'node_options',
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'BASH_FUNC_x',
    'GITHUB_TOKEN',
    'RUNNER_TEMP',
    'ACTIONS_RUNTIME_TOKEN',
    'CI_JOB_TOKEN',
    'GITLAB_TOKEN',
    'TOKENRELAY_API_URL',
    'TOKENRELAY_CLIENT_SECRET',
  ])('refuses %s because it changes how later steps run', (name) => {
    expect(envNameProblem(name)).toBeTruthy();
    const e = thrown(() => validateEnvName(name));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`"${name}"`);
    expect(e.hint).toContain('MYAPI_TOKEN');
  });

  it.each([
    ['GIT_DIR', 'GIT_*'],
    ['GIT_PAGER', 'GIT_*'],
    ['GIT_CONFIG_GLOBAL', 'GIT_*'],
    ['LD_AUDIT', 'LD_*'],
    ['DYLD_LIBRARY_PATH', 'DYLD_*'],
    ['NODE_EXTRA_CA_CERTS', 'NODE_*'],
    ['PYTHONWARNINGS', 'PYTHON*'],
    ['RUBY_GC_HEAP_INIT_SLOTS', 'RUBY*'],
    ['PERL5DB', 'PERL*'],
    ['JAVA_HOME', 'JAVA_*'],
    ['DOTNET_STARTUP_HOOKS', 'DOTNET_*'],
    ['BASH_XTRACEFD', 'BASH_*'],
    ['npm_config_registry', 'NPM_CONFIG_*'],
    ['INPUT_TOKEN', 'INPUT_*'],
    ['STATE_token', 'STATE_*'],
    ['GITHUB_ENV', 'GITHUB_*'],
    ['RUNNER_TOOL_CACHE', 'RUNNER_*'],
    ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_*'],
    ['PS1', 'PS1-PS4'],
    ['ps3', 'PS1-PS4'],
    ['PROMPT_COMMAND', 'PROMPT_COMMAND'],
    ['EDITOR', 'EDITOR'],
    ['VISUAL', 'VISUAL'],
    ['PAGER', 'PAGER'],
    ['TMPDIR', 'TMPDIR'],
    ['GCONV_PATH', 'GCONV_PATH'],
    ['SSH_AUTH_SOCK', 'SSH_*'],
    ['DOCKER_HOST', 'DOCKER_*'],
    ['TOKENRELAY_ISSUER', 'TOKENRELAY_<setting>'],
  ])('refuses %s, naming the rule %s (exit 2)', (name, rule) => {
    const e = thrown(() => validateEnvName(name));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`"${name}": it falls under the rule ${rule}:`);
  });

  it.each([
    'PS5',
    'PSQL_TOKEN',
    'EDITOR_TOKEN',
    'MY_GIT_TOKEN',
    'PATH_TOKEN',
    'STATEFUL_TOKEN',
  ])('accepts %s: a rule is a family, not a substring', (name) => {
    expect(envNameProblem(name)).toBeUndefined();
  });

  it('says why, by group', () => {
    expect(envNameProblem('LD_PRELOAD')).toContain('dynamic loader');
    expect(envNameProblem('GITHUB_PATH')).toContain('reserved');
    expect(envNameProblem('TOKENRELAY_ISSUER')).toContain('setting');
  });
});
