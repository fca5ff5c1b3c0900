import type { Command, Help, Option } from 'commander';

/**
 * The program-wide options each command actually uses, shown under "Global Options" in its
 * --help (commander would show all or none). Keyed by the command's path; `--json` and
 * `--verbose` go with every command.
 */
const USES: Record<string, readonly string[]> = {
  exchange: [
    'profile',
    'api-url',
    'issuer',
    'token-endpoint',
    'client-id',
    'scope',
    'tenant',
    'workspace',
    'timeout-seconds',
    'retries',
  ],
  validate: ['profile', 'api-url', 'issuer', 'tenant', 'workspace', 'timeout-seconds', 'retries'],
  'auth login': [
    'profile',
    'api-url',
    'issuer',
    'client-id',
    'scope',
    'tenant',
    'workspace',
    'timeout-seconds',
    'retries',
  ],
  'auth status': ['profile', 'api-url', 'issuer', 'client-id', 'tenant', 'workspace', 'timeout-seconds'],
  'auth token': [
    'profile',
    'api-url',
    'issuer',
    'token-endpoint',
    'client-id',
    'scope',
    'tenant',
    'workspace',
    'timeout-seconds',
    'retries',
  ],
  run: [
    'profile',
    'api-url',
    'issuer',
    'token-endpoint',
    'client-id',
    'scope',
    'tenant',
    'workspace',
    'timeout-seconds',
    'retries',
  ],
  'auth logout': ['profile', 'api-url', 'issuer', 'timeout-seconds', 'retries'],
  'auth switch': ['api-url', 'issuer', 'tenant', 'workspace'],
  'auth export': [],
  'auth import': [],
  auth: [],
  help: [],
  completion: [],
};
const ALWAYS = ['json', 'verbose'];

/** The long options a command accepts: its own and the global ones it uses. */
export function optionsOf(cmd: Command, program: Command): string[] {
  const uses = USES[commandPath(cmd)];
  const wanted = new Set([...(uses ?? []), ...ALWAYS]);
  const globals = uses
    ? program.options.filter((o) => o.long && wanted.has(o.long.slice(2)))
    : cmd.parent
      ? program.options
      : [];
  return [...cmd.options, ...globals].flatMap((o) => (o.long ? [o.long] : [])).concat('--help');
}

export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every command's --help lists the global options it uses, and only those. */
export function configureHelp(program: Command): void {
  const config = {
    showGlobalOptions: true,
    visibleGlobalOptions(this: Help, cmd: Command): Option[] {
      const uses = USES[commandPath(cmd)];
      // A command not in the table yet shows them all: too many beats a missing one.
      if (!uses) return cmd.parent ? [...program.options] : [];
      const wanted = new Set([...uses, ...ALWAYS]);
      return program.options.filter((o) => o.long && wanted.has(o.long.slice(2)));
    },
  };
  // Subcommands copy the help configuration when they are created: set it on each of them.
  const visit = (cmd: Command) => {
    cmd.configureHelp(config);
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}
