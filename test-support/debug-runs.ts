/**
 * TOKENRELAY_TEST_DEBUG=1 runs every end-to-end test with debug output on — the CLI with -v,
 * the Action's steps with RUNNER_DEBUG=1 — and leak-scans all of it: debug lines are where a
 * secret slips out unnoticed, since no test reads them.
 *
 * The test itself sees its runs as without the switch (the debug lines taken out), so its
 * assertions hold either way; the lines taken out are kept under the running test's name,
 * and every assertNoLeaks of that test scans them as well, with the test's own secrets.
 * A test that asks for debug output itself (-v, RUNNER_DEBUG) gets it as it asked.
 */
import { expect } from 'vitest';

/** Read at each run, so a test of the switch can turn it on for itself. */
export const debugRuns = () => process.env.TOKENRELAY_TEST_DEBUG === '1';

const DEBUG_LINE = /^(debug: |::debug::)/;
const byTest = new Map<string, string[]>();
const currentTest = () => expect.getState().currentTestName ?? '(outside a test)';

/** The CLI's arguments: `-v` first (a global option) unless the test asked for it already. */
export function debugCliArgs(args: string[]): { args: string[]; added: boolean } {
  if (!debugRuns() || args.includes('-v') || args.includes('--verbose')) return { args, added: false };
  return { args: ['-v', ...args], added: true };
}

/** An Action step's environment: RUNNER_DEBUG=1 unless the test set it. */
export function debugActionEnv(env: Record<string, string>): { env: Record<string, string>; added: boolean } {
  if (!debugRuns() || env.RUNNER_DEBUG !== undefined) return { env, added: false };
  return { env: { ...env, RUNNER_DEBUG: '1' }, added: true };
}

/** `text` without the debug lines the switch added; those are kept for this test's leak scans. */
export function withoutDebugLines(text: string, added: boolean): string {
  if (!added || !text) return text;
  const kept: string[] = [];
  const debug: string[] = [];
  for (const line of text.split('\n')) (DEBUG_LINE.test(line) ? debug : kept).push(line);
  if (debug.length === 0) return text;
  const name = currentTest();
  byTest.set(name, [...(byTest.get(name) ?? []), debug.join('\n')]);
  return kept.join('\n');
}

/** The debug output the running test's runs printed, as named texts for the leak scanner. */
export function debugOutputsOfThisTest(): Record<string, string> {
  const outputs = debugRuns() ? (byTest.get(currentTest()) ?? []) : [];
  return Object.fromEntries(
    outputs.map((text, i) => [`debug output of run ${i + 1} (TOKENRELAY_TEST_DEBUG)`, text]),
  );
}
