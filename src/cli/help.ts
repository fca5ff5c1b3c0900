import { type Command, Help, type Option } from 'commander';
import { examplesSection } from './help-examples.ts';

/**
 * The program-wide options each command actually uses, shown under "Global Options" in its
 * --help (commander would show all or none). Keyed by the command's path; `--json` and
 * `--verbose` go with every command.
 */
// What every command that may mint a token (client credentials, federation) reads.
const MINTING = [
  'profile',
  'api-url',
  'issuer',
  'token-endpoint',
  'client-id',
  'scope',
  'tenant',
  'workspace',
  'cache-dir',
  'timeout-seconds',
  'retries',
] as const;

const USES: Record<string, readonly string[]> = {
  exchange: MINTING,
  validate: ['profile', 'api-url', 'issuer', 'tenant', 'workspace', 'timeout-seconds', 'retries'],
  'auth login': MINTING.filter((o) => o !== 'token-endpoint' && o !== 'cache-dir'),
  'auth status': ['profile', 'api-url', 'issuer', 'client-id', 'tenant', 'workspace', 'timeout-seconds'],
  'auth token': MINTING,
  run: MINTING,
  'auth logout': ['profile', 'api-url', 'issuer', 'timeout-seconds', 'retries'],
  'auth switch': ['api-url', 'issuer', 'tenant', 'workspace'],
  'auth export': [],
  'auth import': [],
  auth: [],
  help: [],
  completion: [],
  version: [],
};
const ALWAYS = ['json', 'verbose', 'quiet'];

/** The long options a command accepts: its own and the global ones it uses. */
export function optionsOf(cmd: Command, program: Command): string[] {
  return [...cmd.options, ...globalOptionsOf(cmd, program)]
    .flatMap((o) => (o.long ? [o.long] : []))
    .concat('--help');
}

/** The program-wide options a command uses; a command not in the table yet gets them all (too many beats a missing one). */
function globalOptionsOf(cmd: Command, program: Command): Option[] {
  const uses = USES[commandPath(cmd)];
  if (!uses) return cmd.parent ? [...program.options] : [];
  const wanted = new Set([...uses, ...ALWAYS]);
  return program.options.filter((o) => o.long && wanted.has(o.long.slice(2)));
}

export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every command's --help lists the global options it uses, and only those, and ends with examples. */
export function configureHelp(program: Command): void {
  const config = {
    showGlobalOptions: true,
    visibleGlobalOptions(this: Help, cmd: Command): Option[] {
      return globalOptionsOf(cmd, program);
    },
    // In formatHelp rather than addHelpText, so `help COMMAND --json` carries them too.
    formatHelp(this: Help, cmd: Command, helper: Help): string {
      return Help.prototype.formatHelp.call(this, cmd, helper) + examplesSection(commandPath(cmd));
    },
  };
  // Subcommands copy the help configuration when they are created: set it on each of them.
  const visit = (cmd: Command) => {
    cmd.configureHelp(config);
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}
