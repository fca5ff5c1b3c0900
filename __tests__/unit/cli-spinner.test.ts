import { describe, expect, it } from 'vitest';
import { formatLeft, startSpinner } from '../../src/cli/spinner.ts';
import { describeDuration } from '../../src/oauth/duration.ts';

describe('waiting display', () => {
  it('says how long a login waited', () => {
    expect([300_000, 90_000, 1_000, 60_000].map(describeDuration)).toEqual([
      '5 minutes',
      '90 seconds',
      '1 second',
      '1 minute',
    ]);
  });

  it('formats the time left', () => {
    expect(formatLeft(299_001)).toBe('5:00');
    expect(formatLeft(61_000)).toBe('1:01');
    expect(formatLeft(-5)).toBe('0:00');
  });

  it('writes plain lines when stderr is not a terminal, and redraws in place when it is', async () => {
    const plain: string[] = [];
    const spinner = startSpinner('Waiting', 90_000, {
      stream: { write: (t) => plain.push(t), isTTY: false },
      now: () => 0,
      lineEveryMs: 10,
    });
    await new Promise((r) => setTimeout(r, 35));
    spinner.stop();
    expect(plain.length).toBeGreaterThanOrEqual(2);
    expect(plain[0]).toBe('Waiting… 1:30 left\n');

    const tty: string[] = [];
    startSpinner('Waiting', 90_000, {
      stream: { write: (t) => tty.push(t), isTTY: true },
      now: () => 0,
    }).stop();
    expect(tty[0]).toMatch(/^\r\x1b\[2K. Waiting… 1:30 left$/);
    expect(tty.at(-1)).toBe('\r\x1b[2K');
  });
});
