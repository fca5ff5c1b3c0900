import type { Command } from 'commander';
import { readActiveEnvironment, settingsFor } from '../app/environments.ts';
import { laterStepSettings } from '../app/job-settings.ts';
import { type ConfigChoice, loadSettings } from '../app/load-settings.ts';
import { endpointNotice } from '../core/endpoint-notice.ts';
import { environmentKey, type FlagValues, identityLines, type Settings } from '../core/settings.ts';
import { withoutGivenToken } from '../core/token.ts';
import type { ActiveEnvironment } from '../store/active-environment.ts';
import { flagValues } from './global-options.ts';
import { type CliIO, processIO, withEnv } from './io.ts';

/** What a command's run reads its options from: the parsed command, or nothing for the plain `auth token`. */
export type OptionSource = Pick<Command, 'optsWithGlobals'>;

export interface CommandContext {
  io: CliIO;
  /** The settings, with the default environment of `auth switch` when none was named. */
  settings: Settings;
  opts: Record<string, unknown>;
  /** The settings as flags, variables and config.toml gave them. */
  given: Settings;
  /** The default environment `auth switch` chose, when there is one. */
  active?: ActiveEnvironment;
  /** An environment was named by flag, variable or profile (not defaulted). */
  narrowed: boolean;
  /** The Action's `params`, when a later step of its job runs this command. */
  jobParams: Record<string, string>;
}

/** Settings and IO for a command, from its own options and the program's global ones. */
export async function commandContext(
  cmd: OptionSource,
  extraFlags: FlagValues = {},
  io = cliIO(cmd),
  config: ConfigChoice = 'default',
): Promise<CommandContext> {
  const opts = cmd.optsWithGlobals<Record<string, unknown>>();
  // In a later step of a job that used the Action, its settings sit under the step's own
  // settings — whole, and only when the step names no other server or client.
  const job = laterStepSettings(io.env, (line) => io.err(`tokenrelay: warning: ${line}`));
  const given = await loadSettings({ ...flagValues(opts), ...extraFlags }, job.env, 'cli', config, job.job);
  io.debug(`settings: ${describeOrigins(given)}`);
  for (const line of identityLines(given)) io.debug(line);
  if (given.identity?.warning) io.err(`tokenrelay: warning: ${given.identity.warning}`);
  const jobParams = given.identity?.job === 'used' ? job.extraParams : {};
  if (job.jobToken && given.identity?.job === 'not used') {
    // The token the Action exported is its identity's: a step naming another server gets none of it.
    io.debug("TOKENRELAY_TOKEN is the token the Action exported for this job's identity: not used either");
    io = withEnv(io, withoutGivenToken(io.env));
  }
  const narrowed = environmentKey(given) !== undefined;
  const active = readActiveEnvironment(io.env);
  let settings = given;
  if (!narrowed && active) {
    settings = settingsFor(given, active);
    io.debug(`environment: ${active.environment}, the default set by 'tokenrelay auth switch'`);
  }
  const endpoint = endpointNotice(settings);
  if (endpoint.info) io.debug(endpoint.info);
  if (endpoint.warning) io.err(`warning: ${endpoint.warning}`);
  return { io, settings, opts, given, narrowed, jobParams, ...(active ? { active } : {}) };
}

export function cliIO(cmd: OptionSource): CliIO {
  const opts = cmd.optsWithGlobals<Record<string, unknown>>();
  return processIO({ verbose: Boolean(opts.verbose), json: Boolean(opts.json), quiet: Boolean(opts.quiet) });
}

function describeOrigins(s: Settings): string {
  const parts = Object.entries(s.origins).map(([k, origin]) => `${k} from ${origin}`);
  return parts.length ? parts.join(', ') : 'defaults only';
}
