import { ExitCode, ServerBusyError, type TokenRelayError, toTokenRelayError } from '../core/errors.ts';
import { scrub } from '../core/secrets.ts';
import { writeStdout } from './io.ts';

type Env = Record<string, string | undefined>;

/**
 * How a failed command ends: the message and next step on stderr, and with --json the same as
 * one object on stdout, so a script parsing stdout always gets JSON. Returns the exit code.
 * A stack trace is for whoever debugs tokenrelay itself (TOKENRELAY_DEBUG=stack), not for -v.
 */
export function reportError(e: unknown, argv: readonly string[], env: Env = process.env): number {
  const error = toTokenRelayError(e);
  const nextStep = nextStepOf(error);
  process.stderr.write(`tokenrelay: ${scrub(nextStep ? `${error.message} ${nextStep}` : error.message)}\n`);
  if (error.detail) process.stderr.write(`tokenrelay: ${scrub(error.detail)}\n`);
  if (wantsJson(argv)) writeStdout(`${JSON.stringify(errorJson(error, nextStep), null, 2)}\n`);
  if (env.TOKENRELAY_DEBUG?.split(',').includes('stack') && e instanceof Error && e.stack) {
    process.stderr.write(`${scrub(e.stack.split('\n').slice(1, 8).join('\n'))}\n`);
  }
  return error.exitCode;
}

/** A usage mistake commander caught (unknown option, missing argument): exit 2, and JSON when asked. */
export function reportUsage(message: string, argv: readonly string[]): number {
  if (wantsJson(argv)) {
    const error = {
      code: 'usage',
      exit_code: ExitCode.usage,
      message: scrub(message),
      next_step: 'Run with --help for usage.',
    };
    writeStdout(`${JSON.stringify({ error }, null, 2)}\n`);
  }
  return ExitCode.usage;
}

export function errorJson(error: TokenRelayError, nextStep = nextStepOf(error)) {
  return {
    error: {
      code: error.kind,
      exit_code: error.exitCode,
      message: scrub(error.detail ? `${error.message} ${error.detail}` : error.message),
      next_step: nextStep ? scrub(nextStep) : null,
    },
  };
}

/** Options end at `--`; after it `--json` would be somebody's argument. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

const NETWORK_NEXT_STEP =
  'Check the URL, your proxy (HTTPS_PROXY, NO_PROXY) and VPN; for a slow server raise --timeout-seconds, for a flaky one --retries.';

/**
 * Every error says what to do next. A server that could not be reached (exit 5) always gets the
 * network checklist with the CLI's own flags, whatever the transport said before it; one that
 * answered and asked to wait (a rate limit) does not: its network works.
 */
export function nextStepOf(error: TokenRelayError): string | undefined {
  if (error.kind !== 'unavailable' || error instanceof ServerBusyError) return error.hint;
  if (error.hint && /--timeout-seconds|--retries/.test(error.hint)) return error.hint;
  // A hint that already says to check the URL is not told so twice.
  const checklist =
    error.hint && /check the URL/i.test(error.hint)
      ? NETWORK_NEXT_STEP.replace('Check the URL, your', 'Check your')
      : NETWORK_NEXT_STEP;
  return error.hint ? `${error.hint} ${checklist}` : checklist;
}
