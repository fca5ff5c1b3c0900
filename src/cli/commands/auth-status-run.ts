import type { Command } from 'commander';
import { authStatusReport } from '../../app/auth-status.ts';
import type { Collaborators } from '../../app/chain.ts';
import { namedEnvironment } from '../../app/environments.ts';
import { ExitCode, NotAuthenticatedError } from '../../core/errors.ts';
import { redactToken } from '../../core/redact.ts';
import { scrub } from '../../core/secrets.ts';
import { cliCollaborators } from '../collaborators.ts';
import { commandContext } from '../context.ts';
import { givenToken } from '../given-token.ts';
import { type CliIO, warnOn } from '../io.ts';
import { cliStore } from '../store.ts';
import { problemLine, statusExitCode, statusJson, statusRows } from './auth-status-view.ts';

/**
 * Asks the chain `auth token` asks (client credentials minted or found in the job's cache, a
 * session refreshed; --offline sends nothing) and checks the token against the API's profile
 * endpoint when its URL is known. The report is the result, on stdout (text, or JSON with
 * --json), so `auth status | grep Expires` works; what went wrong goes to stderr. Exit 4 when
 * nothing would authenticate, a token expired or a server rejected a credential or the token.
 */
export async function runAuthStatus(cmd: Command): Promise<void> {
  const context = await commandContext(cmd);
  const { io, opts, jobParams } = context;
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
    {
      openStore,
      redact: redactToken,
      // What `auth token` hands over besides the store: the same chain, the same answers.
      collaborators: withoutStored(
        cliCollaborators(io, settings, jobParams, { write: true, store: openStore }),
      ),
      debug: io.debug,
      warn: warnOn(io),
      offline: Boolean(opts.offline),
      notes,
    },
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
      io.out(`${i > 0 ? '\n' : ''}${r.environment}${r.active ? ' (active)' : ''}\n`);
      print(statusRows(r), io, '  ');
    });
  }
  for (const r of reports) {
    const line = problemLine(r);
    if (line) io.err(`tokenrelay: ${reports.length > 1 ? `${r.environment}: ` : ''}${line}`);
  }
  if (code !== ExitCode.ok) process.exitCode = code;
}

function print(rows: [string, string | undefined][], io: CliIO, indent: string): void {
  const lines = rows.filter(([, value]) => value !== undefined);
  io.out(lines.map(([name, value]) => `${indent}${`${name}:`.padEnd(15)}${scrub(value!)}\n`).join(''));
}

function withoutStored({ stored: _, ...rest }: Collaborators): Omit<Collaborators, 'stored'> {
  return rest;
}
