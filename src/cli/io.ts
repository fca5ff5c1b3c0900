import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { scrub } from '../core/secrets.ts';

/**
 * What a command may write. stdout carries only what a script captures (a token, JSON,
 * shell lines); everything a person reads goes to stderr, scrubbed.
 */
export interface CliIO {
  out(text: string): void;
  err(line: string): void;
  /**
   * A success line for someone watching (`Got a Bearer token …`): said at a terminal, silent
   * when stderr goes to a cron mail or a log (as `gcloud auth print-access-token` is), and
   * under -q. -v says it anyway.
   */
  note(line: string): void;
  /** A result a person asked for (`Logged in to …`): said unless -q. */
  say(line: string): void;
  quiet: boolean;
  debug(line: string): void;
  verbose: boolean;
  json: boolean;
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  isTTY: boolean;
  /** Someone watches stderr: a terminal, not a cron mail or a CI log. */
  errIsTTY: boolean;
}

export function processIO(opts: { verbose: boolean; json: boolean; quiet?: boolean }): CliIO {
  const err = (line: string) => process.stderr.write(`${scrub(line)}\n`);
  const quiet = Boolean(opts.quiet) && !opts.verbose;
  return {
    out: writeStdout,
    err,
    note: (line) => {
      if (opts.verbose || (!quiet && isatty(2))) err(line);
    },
    say: (line) => {
      if (!quiet) err(line);
    },
    quiet,
    debug: (line) => {
      if (opts.verbose) process.stderr.write(`debug: ${scrub(line)}\n`);
    },
    verbose: opts.verbose,
    json: opts.json,
    env: process.env,
    readStdin,
    // A getter: touching process.stdin builds its stream (a few ms), which most commands never need.
    get isTTY() {
      return Boolean(process.stdin.isTTY);
    },
    // isatty(2), not process.stderr: the stream is built on first touch, and most runs never need it.
    get errIsTTY() {
      return isatty(2);
    },
  };
}

/**
 * Straight to file descriptor 1: process.stdout builds a stream stack on first use, which
 * costs `TOKEN=$(tokenrelay auth token)` a few milliseconds of its benchmarked start-up. A
 * descriptor someone made non-blocking (EAGAIN) gets the rest through the stream instead.
 */
export function writeStdout(text: string): void {
  writeFd(1, text);
}

/** Straight to descriptor 2, synchronously, for lines that must precede whatever stdout carries next. */
export function writeStderr(text: string): void {
  writeFd(2, text);
}

function writeFd(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

/** Reads all of stdin (for --token-stdin / --client-secret-stdin); trailing newline dropped. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A warning line, in the CLI's one shape. */
/** The same IO over another environment (its lazy getters kept): a call with a narrowed identity. */
export function withEnv(io: CliIO, env: CliIO['env']): CliIO {
  return Object.assign(Object.create(io) as CliIO, { env });
}

export const warnOn =
  (io: Pick<CliIO, 'err'>) =>
  (line: string): void =>
    io.err(`tokenrelay: warning: ${line}`);
