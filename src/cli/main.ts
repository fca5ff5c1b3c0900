#!/usr/bin/env node
// First: on a Node the CLI does not support, nothing else is loaded.
import './node-check.ts';
import { registerSecret } from '../core/secrets.ts';
import { registerSecretEnv } from '../core/settings.ts';

// Inside GitHub Actions the runner hears of each secret before anything can print it.
if (process.env.GITHUB_ACTIONS === 'true') {
  const { maskSecretsForRunner } = await import(/* webpackMode: "eager" */ './mask-in-actions.ts');
  maskSecretsForRunner(process.env);
}

// Secrets enter through argv and env before anything else runs: register them first.
const SECRET_FLAGS = new Set(['--token', '--client-secret', '--with-token']);
function registerArgvSecrets(argv: string[]): void {
  argv.forEach((arg, i) => {
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (flag && SECRET_FLAGS.has(flag)) registerSecret(inline ?? argv[i + 1]);
  });
}
registerArgvSecrets(process.argv);
registerSecretEnv(process.env);
for (const name of ['TOKENRELAY_TOKEN', 'TOKENRELAY_ID_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
  registerSecret(process.env[name]);
}

/**
 * `TOKEN=$(tokenrelay auth token)` with its settings in the environment or config.toml is the
 * line scripts run most, and its start-up is benchmarked against a bare `node`: with nothing
 * after it but global settings (`--api-url URL`) and switches there is nothing for the
 * argument parser to do, so it is skipped (and what it loads). Anything more (`--token`,
 * `--help`, a mistake) goes through the full command line below.
 */
const { plainAuthTokenOptions } = await import(/* webpackMode: "eager" */ './fast-argv.ts');
const plainAuthToken = plainAuthTokenOptions(process.argv);

try {
  if (plainAuthToken) {
    const { runAuthToken } = await import(/* webpackMode: "eager" */ './commands/auth-token-run.ts');
    await runAuthToken({ optsWithGlobals: <T>() => plainAuthToken as T });
  } else {
    const { runProgram } = await import(/* webpackMode: "eager" */ './program.ts');
    await runProgram(process.argv);
  }
} catch (e) {
  const { reportError } = await import(/* webpackMode: "eager" */ './report-error.ts');
  process.exitCode = reportError(e, process.argv.slice(2));
}

// Any failure, a usage mistake included, under `eval "$(tokenrelay … --export shell)"`.
const failed = Number(process.exitCode ?? 0);
if (failed !== 0) {
  const { asksForShellExport, failedExportStatement } = await import(
    /* webpackMode: "eager" */ '../export/shell.ts'
  );
  if (asksForShellExport(process.argv)) process.stdout.write(failedExportStatement(failed));
}
