import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to a file descriptor synchronously. The Action prints its workflow
 * commands this way rather than through process.stdout: the first touch of process.stdout
 * builds a stream (and loads node:stream's machinery with it), ~10 ms of a step whose whole
 * budget is tens of milliseconds. Synchronous writes also keep ::add-mask:: ahead of anything
 * printed after it. Should the descriptor be non-blocking and full, the rest goes through the
 * stream after all.
 */
export function writeFd(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}
