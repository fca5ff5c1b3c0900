/**
 * Inside GitHub Actions, every secret the CLI learns is announced to the runner
 * (`::add-mask::` on stderr) at the moment it is registered — before any command can print,
 * export or write it, and whatever source it came from (flag, env, store, minted, refreshed).
 * One subscription for the whole process, made before anything else runs, so a new command
 * cannot forget it. Written synchronously to descriptor 2: stdout is written with writeSync
 * too, and the mask must reach the log before `+ TOKEN=…` of a `set -x` shell does.
 */
import { writeSync } from 'node:fs';
import { onSecret } from '../core/secrets.ts';
import { escapeData } from '../export/github-commands.ts';

export function maskSecretsForRunner(env: Record<string, string | undefined>): void {
  if (env.GITHUB_ACTIONS !== 'true') return;
  onSecret((value) => writeStderr(`::add-mask::${escapeData(value)}\n`));
}

function writeStderr(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(2, bytes, written);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    process.stderr.write(bytes.subarray(written));
  }
}
