import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface LineReader {
  /** Writes the prompt (stderr), then the next line; undefined at end of input. */
  readLine(prompt: string): Promise<string | undefined>;
  close(): void;
}

/**
 * Line-at-a-time input from a terminal or a pipe. The prompt goes to stderr so a script
 * capturing stdout never sees it; the terminal's own echo shows what is typed.
 */
export function lineReader(
  input: Readable = process.stdin,
  prompt: (text: string) => void = (t) => process.stderr.write(t),
): LineReader {
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  let rl: ReturnType<typeof createInterface> | undefined;
  const open = () => {
    rl ??= createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
    rl.on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    });
    rl.on('close', () => {
      ended = true;
      for (const next of waiting.splice(0)) next(undefined);
    });
  };
  return {
    readLine: (text) => {
      if (!rl) open();
      prompt(text);
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl?.close(),
  };
}
