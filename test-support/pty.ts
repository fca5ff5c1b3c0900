/**
 * A command on a real pseudo-terminal, as a person at a terminal runs it: util-linux `script`
 * gives it a pty of its own (its controlling terminal, foreground process group, echo and
 * Ctrl-C handled by the kernel's line discipline), and what the test writes is typed keys.
 */
import { spawn } from 'node:child_process';

export interface PtyRun {
  /** Keys typed at the terminal (`\x03` is Ctrl-C, `\r` Enter). */
  type(keys: string): void;
  /** Everything the terminal showed so far: the program's output and the echo of typed keys. */
  screen(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number; screen: string }>;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export function startInPty(argv: string[], opts: { env: Record<string, string>; cwd: string }): PtyRun {
  const child = spawn('script', ['-qfec', `exec ${argv.map(quote).join(' ')}`, '/dev/null'], {
    env: { TERM: 'xterm', ...opts.env },
    cwd: opts.cwd,
  });
  let screen = '';
  const waiters = new Set<() => void>();
  const add = (d: Buffer) => {
    screen += d.toString('utf8');
    for (const w of waiters) w();
  };
  // The terminal goes away with the program: keys typed after that go nowhere.
  child.stdin.on('error', () => {});
  child.stdout.on('data', add);
  child.stderr.on('data', add);
  const exited = new Promise<{ code: number; screen: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, screen }));
  });
  return {
    type: (keys) => child.stdin.write(keys),
    screen: () => screen,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(screen)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} on the terminal:\n${screen}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (pattern.test(screen)) resolve();
          else reject(new Error(`exited before ${pattern} on the terminal:\n${screen}`));
        });
        check();
      }),
    exited,
  };
}
