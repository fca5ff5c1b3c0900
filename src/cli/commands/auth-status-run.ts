import type { Command } from 'commander';
import { authStatusReport } from '../../app/auth-status.ts';
import { namedEnvironment } from '../../app/environments.ts';
import { ExitCode, NotAuthenticatedError } from '../../core/errors.ts';
import { redactToken } from '../../core/redact.ts';
import { commandContext } from '../context.ts';
import { givenToken } from '../given-token.ts';
import type { CliIO } from '../io.ts';
import { cliStore } from '../store.ts';
import { statusExitCode, statusJson, statusRows } from './auth-status-view.ts';

/**
 * Prints the report for people on stderr (stdout stays for what scripts capture), or as JSON on
 * stdout with --json. The token is checked against the API's profile endpoint when its URL is
 * known (one request; --offline sends none). Exit 4 when nothing would authenticate, the API
 * rejected the token, or the session expired for good.
 */
export async function runAuthStatus(cmd: Command): Promise<void> {
  const context = await commandContext(cmd);
  const { io, opts } = context;
  const openStore = cliStore(io);
  let { settings, narrowed } = context;
  if (typeof opts.environment === 'string') {
    ({ settings } = await namedEnvironment(context.given, opts.environment, openStore));
    narrowed = true;
  }
  const given = await givenToken(io, opts);
  // Why stored credentials could not be used (a keychain out of reach), said when nothing answers.
  const notes: string[] = [];
  const reports = await authStatusReport(
    settings,
    io.env,
    { openStore, redact: redactToken, debug: io.debug, offline: Boolean(opts.offline), notes },
    {
      narrowed,
      base: context.given,
      ...(given ? { given } : {}),
      ...(context.active ? { active: context.active.environment } : {}),
    },
  );
  if (reports.length === 0) throw new NotAuthenticatedError(notes.join(' ') || undefined);
  const code = Math.max(...reports.map(statusExitCode));
  if (io.json) {
    const [only] = reports;
    const body = reports.length === 1 && only ? statusJson(only) : { environments: reports.map(statusJson) };
    io.out(`${JSON.stringify(body, null, 2)}\n`);
  } else if (reports.length === 1 && reports[0]) {
    print(statusRows(reports[0]), io, '');
  } else {
    reports.forEach((r, i) => {
      if (i > 0) io.err('');
      io.err(`${r.environment}${r.active ? ' (active)' : ''}`);
      print(statusRows(r), io, '  ');
    });
  }
  if (code !== ExitCode.ok) process.exitCode = code;
}

function print(rows: [string, string | undefined][], io: CliIO, indent: string): void {
  for (const [name, value] of rows) {
    if (value !== undefined) io.err(`${indent}${`${name}:`.padEnd(15)}${value}`);
  }
}
