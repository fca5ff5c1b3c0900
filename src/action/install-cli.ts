/**
 * `install-cli`: later `run:` steps call `tokenrelay` (auth token, validate, exchange) with
 * the same resolver the Action used. The layout, for whoever builds on it:
 *
 *   $RUNNER_TEMP/tokenrelay-cli/tokenrelay.mjs   dist/cli/tokenrelay.mjs (a hard link, else a copy)
 *   $RUNNER_TEMP/tokenrelay-cli/tokenrelay       sh launcher: the runner's Node runs the copy
 *   $RUNNER_TEMP/tokenrelay-cli/tokenrelay.cmd   the same for Windows runners
 *   $RUNNER_TEMP/tokenrelay-cli/docker-credential-tokenrelay(.cmd)
 *                                                `tokenrelay credential docker`, under the name
 *                                                registry clients run for a credHelpers entry
 *
 * and that directory appended to GITHUB_PATH. The launchers name the Node running this step
 * (the runner's node24), so later steps need no setup-node and never meet an older `node`.
 * Its own name for the bundle, not the action's directory: RUNNER_TEMP is the job's and is
 * wiped with it. A hard link where the two share a filesystem (they do on GitHub's runners,
 * both under the work directory) costs nothing at start-up; copying 400 KB costs ~3 ms.
 */
import { chmodSync, copyFileSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { usageError } from '../core/errors.ts';
import type { Runner } from '../export/runner.ts';
import { shellQuote } from '../export/shell-quote.ts';

export const CLI_DIR_NAME = 'tokenrelay-cli';

export interface InstallCliDeps {
  runner: Runner;
  env: Record<string, string | undefined>;
  /** The CLI bundle shipped with the action (dist/cli/tokenrelay.mjs). */
  bundle: string;
  /** The Node that later steps' launcher runs; this step's own. */
  node?: string;
}

/** Installs the CLI for later steps; returns the directory added to PATH. */
export function installCli({ runner, env, bundle, node = process.execPath }: InstallCliDeps): string {
  const temp = env.RUNNER_TEMP;
  if (!temp) {
    throw usageError(
      'RUNNER_TEMP is not set, so the tokenrelay CLI cannot be installed for later steps.',
      'Run on a GitHub Actions runner, or set install-cli: false.',
    );
  }
  const dir = join(temp, CLI_DIR_NAME);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const script = join(dir, 'tokenrelay.mjs');
  placeBundle(bundle, script);
  const launcher = join(dir, 'tokenrelay');
  writeFileSync(launcher, `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(script)} "$@"\n`, {
    mode: 0o755,
  });
  chmodSync(launcher, 0o755);
  writeFileSync(join(dir, 'tokenrelay.cmd'), `@"${node}" "${script}" %*\r\n`);
  const dockerHelper = join(dir, 'docker-credential-tokenrelay');
  writeFileSync(
    dockerHelper,
    `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(script)} credential docker "$@"\n`,
    {
      mode: 0o755,
    },
  );
  chmodSync(dockerHelper, 0o755);
  writeFileSync(`${dockerHelper}.cmd`, `@"${node}" "${script}" credential docker %*\r\n`);
  // A second use of the action in the job finds it there already: one PATH entry is enough.
  const onPath = (env.PATH ?? '').split(delimiter).includes(dir);
  if (!onPath) runner.addPath(dir);
  runner.debug(`tokenrelay CLI for later steps: ${launcher}`);
  return dir;
}

/** A hard link to the shipped bundle, or a copy across filesystems; replaces what was there. */
function placeBundle(bundle: string, script: string): void {
  rmSync(script, { force: true });
  try {
    linkSync(bundle, script);
    return;
  } catch {
    // EXDEV (another filesystem), EPERM (a filesystem without links): copy instead.
  }
  copyFileSync(bundle, script);
  chmodSync(script, 0o755);
}
