/**
 * Inside GitHub Actions, every secret the CLI learns is announced to the runner
 * (`::add-mask::` on stderr) at the moment it is registered — before any command can print,
 * export or write it, and whatever source it came from (flag, env, store, minted, refreshed).
 * One subscription for the whole process, made before anything else runs, so a new command
 * cannot forget it. Written synchronously to descriptor 2: stdout is written with writeSync
 * too, and the mask must reach the log before `+ TOKEN=…` of a `set -x` shell does.
 */
import { onSecret } from '../core/secrets.ts';
import { escapeData } from '../export/github-commands.ts';
import { writeStderr } from './io.ts';

export function maskSecretsForRunner(env: Record<string, string | undefined>): void {
  if (env.GITHUB_ACTIONS !== 'true') return;
  onSecret((value) => writeStderr(`::add-mask::${escapeData(value)}\n`));
}
