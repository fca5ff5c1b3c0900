/**
 * What a GitHub Actions log shows: the runner hides every value it has been told to mask
 * (`::add-mask::`), but only in lines printed after the mask arrived, and it does not show the
 * add-mask lines themselves. A secret that reaches the log before its mask stays readable.
 */
import { spawn } from 'node:child_process';

const unescapeData = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

export interface RunnerLog {
  /** The log as a reader of the job sees it. */
  shown: string;
  /** Every value the runner was told to mask, in order. */
  masks: string[];
}

export function maskLikeRunner(raw: string): RunnerLog {
  const masks: string[] = [];
  const shown: string[] = [];
  for (const line of raw.split('\n')) {
    const mask = /^::add-mask::(.*)$/.exec(line);
    if (mask) {
      masks.push(unescapeData(mask[1]!));
      continue;
    }
    let out = line;
    for (const m of [...masks].sort((a, b) => b.length - a.length)) if (m) out = out.split(m).join('***');
    shown.push(out);
  }
  return { shown: shown.join('\n'), masks };
}

/**
 * Runs a `run:` step's script under `bash -x` with stdout and stderr in one stream, in the
 * order they were written — what the runner reads into the log.
 */
export function runStep(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; raw: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec 2>&1\nset -x\n${script}`], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let raw = '';
    child.stdout.on('data', (d) => (raw += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, raw }));
  });
}
