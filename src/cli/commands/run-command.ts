import { constants } from 'node:os';
import type { Command } from 'commander';
import { keepTokenFresh } from '../../app/keep-token-fresh.ts';
import { type ObtainRequest, obtainToken } from '../../app/obtain.ts';
import { revokeMinted, wasMinted } from '../../app/revoke-minted.ts';
import { usageError } from '../../core/errors.ts';
import { commandEnv } from '../../core/helper-env.ts';
import { scrub } from '../../core/secrets.ts';
import { SETTING_ROWS } from '../../core/settings-table.ts';
import type { ResolvedToken } from '../../core/token.ts';
import { validateEnvName } from '../../export/env-name.ts';
import { cliCollaborators } from '../collaborators.ts';
import { commandContext } from '../context.ts';
import { type CliIO, warnOn } from '../io.ts';
import { type ChildOutcome, exitCodeOf, type RunningChild, runChild } from './run-child.ts';
import { catchSignals, terminalAlreadySent } from './run-signals.ts';
import { checkTokenFilePath, removeTokenFile, writeTokenFile } from './run-token-file.ts';

const USAGE = 'Usage: tokenrelay run [--env-name NAME] [--token-file PATH] -- COMMAND [ARGS...]';

/**
 * Resolves a token as `auth token` does, then runs COMMAND with it in NAME (its environment
 * only: never the caller's shell, the job's env or the workspace) and exits with its code.
 */
export async function runRun(cmd: Command, command: string[]): Promise<void> {
  // Commander drops the `--` itself; whether it was there is only in the raw argv.
  if (!process.argv.slice(2).includes('--') || command.length === 0) {
    throw usageError(
      command.length === 0 ? 'run needs a command to run.' : 'run needs -- before the command.',
      `${USAGE} (the -- keeps the command's own options from being read as tokenrelay's).`,
    );
  }
  const { io, settings, opts, jobParams } = await commandContext(cmd);
  // --json promises exactly one object on stdout, and run's stdout is the command's.
  if (io.json) {
    throw usageError(
      "run does not take --json: the command's own output is what run prints.",
      "Drop --json; run exits with the command's code. For the token as JSON, use 'tokenrelay auth token --json'.",
    );
  }
  const name = validateEnvName((opts.envName as string | undefined) ?? 'TOKENRELAY_TOKEN');
  // NAME_FILE follows the same rules as NAME: --env-name SSL_CERT must not set SSL_CERT_FILE.
  const fileName =
    typeof opts.tokenFile === 'string'
      ? validateEnvName(`${name}_FILE`, `the token file's path (--env-name ${name} with --token-file)`)
      : undefined;
  const tokenFile =
    typeof opts.tokenFile === 'string' ? checkTokenFilePath(opts.tokenFile, io.env, io.debug) : undefined;
  const windowSeconds = settings.refreshWindowSeconds;

  const minted: ResolvedToken[] = [];
  const request: ObtainRequest = {
    settings,
    env: io.env,
    method: 'auto',
    validate: 'never',
    // Read only: what `run` mints is its own, revoked when the command exits.
    collaborators: cliCollaborators(io, settings, jobParams, { write: false }),
    debug: io.debug,
    warn: warnOn(io),
  };
  const obtain = async () => {
    // Inside GitHub Actions the token was masked when it was registered (mask-in-actions.ts),
    // before the child can print it.
    const token = await obtainToken(request);
    if (wasMinted(token)) minted.push(token);
    return token;
  };

  // From here to the last revocation, no catchable signal ends us before we clean up: while
  // the command runs, signals go on to it and it decides; before it starts, the first one
  // cancels it and after it has exited the first one waits for the clean-up — a second one,
  // with a server slow to answer, stops at once (the token file deleted first).
  const [program, ...args] = command as [string, ...string[]];
  let child: RunningChild | undefined;
  let running = false;
  let cancelled: NodeJS.Signals | undefined;
  let waiting = false;
  const release = catchSignals((signal) => {
    if (running && child) {
      if (terminalAlreadySent(signal)) io.debug(`run: ${program} got ${signal} from the terminal`);
      else if (child.signal(signal)) io.debug(`run: passed ${signal} on to ${program}`);
      return;
    }
    if (waiting) {
      if (tokenFile) removeTokenFile(tokenFile);
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    waiting = true;
    if (child) {
      io.err(`tokenrelay: ${signal}: finishing the clean-up (again to stop now).`);
      return;
    }
    cancelled = signal;
    io.err(
      `tokenrelay: ${signal}: ${program} will not be run; stopping once the token request has ended (again to stop now).`,
    );
  });
  let fresh: ReturnType<typeof keepTokenFresh> | undefined;
  let outcome: ChildOutcome | undefined;
  try {
    const first = await obtain();
    io.debug(`run: token from ${first.sourceLabel} in ${name}${tokenFile ? ` and ${tokenFile}` : ''}`);
    // The command gets the token, not the secrets that minted it nor tokenrelay's settings.
    const own = SETTING_ROWS.filter(([, spec]) => spec.secret).map(
      ([key]) => settings[key] as string | undefined,
    );
    const env: NodeJS.ProcessEnv = { ...commandEnv(process.env, own), [name]: first.accessToken };
    if (tokenFile && fileName) {
      writeTokenFile(tokenFile, first.accessToken, true);
      env[fileName] = tokenFile;
    }
    if (!cancelled) {
      child = runChild(program, args, env, () => {
        if (!tokenFile) return;
        fresh = keepTokenFresh(first, {
          obtain,
          windowSeconds,
          onToken: async (token) => {
            writeTokenFile(tokenFile, token.accessToken);
            io.debug(`run: rewrote ${tokenFile} with a token from ${token.sourceLabel}`);
          },
          onError: (error, current) =>
            io.err(
              `tokenrelay: could not refresh the token for ${program}: ${error.describe()} ` +
                `${tokenFile} keeps the last token${current.expiresAt ? ` until it expires at ${current.expiresAt.toISOString()}` : ''}.`,
            ),
        });
      });
      running = true;
      outcome = await child.outcome;
      running = false;
    }
  } finally {
    fresh?.stop();
    await fresh?.idle();
    if (tokenFile) removeTokenFile(tokenFile);
    try {
      await revokeAll(minted, request, io);
    } finally {
      release();
    }
  }
  if (!outcome) {
    io.err(`tokenrelay: ${cancelled} arrived before ${program} started; it was not run.`);
    process.exitCode = 128 + (constants.signals[cancelled as NodeJS.Signals] ?? 0);
    return;
  }
  if (outcome.kind === 'not-started') {
    io.err(
      outcome.errno === 'ENOENT'
        ? `tokenrelay: ${program}: command not found. Check the name and PATH.`
        : `tokenrelay: ${program}: cannot run it (${outcome.errno}). Check that it is an executable file.`,
    );
  }
  process.exitCode = exitCodeOf(outcome);
}

/** Best effort: a server that cannot revoke (or a JWT it will not) only costs a debug line. */
async function revokeAll(minted: ResolvedToken[], request: ObtainRequest, io: CliIO): Promise<void> {
  for (const token of minted) {
    try {
      const result = await revokeMinted(token, request.settings, request.env, io.debug);
      io.debug(`run: ${result.message}`);
    } catch (e) {
      io.debug(`run: revocation failed: ${scrub(e instanceof Error ? e.message : String(e))}`);
    }
  }
}
