/**
 * "Waiting… 4:32 left" on stderr while a login waits. Animated in place on a terminal; in a
 * log (stderr not a TTY) one plain line every 30 s, so CI output stays readable.
 */
export interface SpinnerOptions {
  stream?: { write(text: string): unknown; isTTY?: boolean };
  now?: () => number;
  /** Non-TTY line interval. */
  lineEveryMs?: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startSpinner(label: string, deadline: number, opts: SpinnerOptions = {}): { stop(): void } {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const left = () => formatLeft(deadline - now());
  if (stream.isTTY) {
    let frame = 0;
    const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}… ${left()} left`);
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
      stop: () => {
        clearInterval(timer);
        stream.write('\r\x1b[2K');
      },
    };
  }
  const line = () => stream.write(`${label}… ${left()} left\n`);
  line();
  const timer = setInterval(line, opts.lineEveryMs ?? 30_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function formatLeft(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
