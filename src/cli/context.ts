import type { Command } from 'commander';
import { withJobSettings } from '../app/job-settings.ts';
import { loadSettings } from '../app/load-settings.ts';
import { endpointNotice } from '../core/endpoint-notice.ts';
import type { FlagValues, Settings } from '../core/settings.ts';
import { flagValues } from './global-options.ts';
import { type CliIO, processIO } from './io.ts';

/** What a command's run reads its options from: the parsed command, or nothing for the plain `auth token`. */
export type OptionSource = Pick<Command, 'optsWithGlobals'>;

export interface CommandContext {
  io: CliIO;
  settings: Settings;
  opts: Record<string, unknown>;
  /** The Action's `params`, when a later step of its job runs this command. */
  jobParams: Record<string, string>;
}

/** Settings and IO for a command, from its own options and the program's global ones. */
export function commandContext(
  cmd: OptionSource,
  extraFlags: FlagValues = {},
  io = cliIO(cmd),
): CommandContext {
  const opts = cmd.optsWithGlobals<Record<string, unknown>>();
  // In a later step of a job that used the Action, its settings sit under the step's own env.
  const job = withJobSettings(io.env, (line) => io.err(`tokenrelay: warning: ${line}`));
  const settings = loadSettings({ ...flagValues(opts), ...extraFlags }, job.env);
  io.debug(`settings: ${describeOrigins(settings)}`);
  const endpoint = endpointNotice(settings);
  if (endpoint.info) io.debug(endpoint.info);
  if (endpoint.warning) io.err(`warning: ${endpoint.warning}`);
  return { io, settings, opts, jobParams: job.extraParams };
}

export function cliIO(cmd: OptionSource): CliIO {
  const opts = cmd.optsWithGlobals<Record<string, unknown>>();
  return processIO({ verbose: Boolean(opts.verbose), json: Boolean(opts.json) });
}

function describeOrigins(s: Settings): string {
  const parts = Object.entries(s.origins).map(([k, origin]) => `${k} from ${origin}`);
  return parts.length ? parts.join(', ') : 'defaults only';
}
