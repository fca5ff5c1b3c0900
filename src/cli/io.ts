import { scrub } from '../core/secrets.ts';

/**
 * What a command may write. stdout carries only what a script captures (a token, JSON,
 * shell lines); everything a person reads goes to stderr, scrubbed.
 */
export interface CliIO {
  out(text: string): void;
  err(line: string): void;
  debug(line: string): void;
  verbose: boolean;
  json: boolean;
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  isTTY: boolean;
}

export function processIO(opts: { verbose: boolean; json: boolean }): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (line) => process.stderr.write(`${scrub(line)}\n`),
    debug: (line) => {
      if (opts.verbose) process.stderr.write(`debug: ${scrub(line)}\n`);
    },
    verbose: opts.verbose,
    json: opts.json,
    env: process.env,
    readStdin,
    isTTY: Boolean(process.stdin.isTTY),
  };
}

/** Reads all of stdin (for --token-stdin / --client-secret-stdin); trailing newline dropped. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
