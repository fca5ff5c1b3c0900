import type { Command } from 'commander';
import { keepTokenFresh } from '../../app/keep-token-fresh.ts';
import { type ObtainRequest, obtainToken } from '../../app/obtain.ts';
import { revokeMinted, wasMinted } from '../../app/revoke-minted.ts';
import { usageError } from '../../core/errors.ts';
import { scrub } from '../../core/secrets.ts';
import type { ResolvedToken } from '../../core/token.ts';
import { validateEnvName } from '../../export/env-name.ts';
import { cliCollaborators } from '../collaborators.ts';
import { commandContext } from '../context.ts';
import { type CliIO, warnOn } from '../io.ts';
import { exitCodeOf, runChild } from './run-child.ts';
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
  const tokenFile =
    typeof opts.tokenFile === 'string' ? checkTokenFilePath(opts.tokenFile, io.env) : undefined;
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

  const first = await obtain();
  io.debug(`run: token from ${first.sourceLabel} in ${name}${tokenFile ? ` and ${tokenFile}` : ''}`);
  const env: NodeJS.ProcessEnv = { ...process.env, [name]: first.accessToken };
  if (tokenFile) {
    writeTokenFile(tokenFile, first.accessToken);
    env[`${name}_FILE`] = tokenFile;
  }
  const [program, ...args] = command as [string, ...string[]];
  let fresh: ReturnType<typeof keepTokenFresh> | undefined;
  let outcome: Awaited<ReturnType<typeof runChild>>;
  try {
    outcome = await runChild(program, args, env, () => {
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
  } finally {
    fresh?.stop();
    await fresh?.idle();
    if (tokenFile) removeTokenFile(tokenFile);
  }
  if (outcome.kind === 'not-started') {
    io.err(
      outcome.errno === 'ENOENT'
        ? `tokenrelay: ${program}: command not found. Check the name and PATH.`
        : `tokenrelay: ${program}: cannot run it (${outcome.errno}). Check that it is an executable file.`,
    );
  }
  process.exitCode = exitCodeOf(outcome);
  await revokeAll(minted, request, io);
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
