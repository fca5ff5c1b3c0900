#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ExitCode, toTokenRelayError } from '../core/errors.ts';
import { registerSecret, scrub } from '../core/secrets.ts';
import { registerAuthCommands } from './commands/auth.ts';
import { registerExchangeCommand } from './commands/exchange.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { addGlobalOptions } from './global-options.ts';
import { VERSION } from './version.ts';

// Secrets enter through argv and env before anything else runs: register them first.
const SECRET_FLAGS = new Set(['--token', '--client-secret', '--with-token']);
function registerArgvSecrets(argv: string[]): void {
  argv.forEach((arg, i) => {
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (flag && SECRET_FLAGS.has(flag)) registerSecret(inline ?? argv[i + 1]);
  });
}
registerArgvSecrets(process.argv);
for (const name of [
  'TOKENRELAY_TOKEN',
  'TOKENRELAY_CLIENT_SECRET',
  'TOKENRELAY_PRIVATE_KEY',
  'TOKENRELAY_ID_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
]) {
  registerSecret(process.env[name]);
}

const program = addGlobalOptions(
  new Command('tokenrelay')
    .description('Get a token for an API, keep it secret, hand it to the next step.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(scrub(s)) }),
);
registerAuthCommands(program);
registerExchangeCommand(program);
registerValidateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; a usage mistake is exit 2.
    process.exitCode = e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  } else {
    const error = toTokenRelayError(e);
    process.stderr.write(`tokenrelay: ${scrub(error.describe())}\n`);
    if (process.argv.includes('--verbose') || process.argv.includes('-v')) {
      const stack = e instanceof Error && e.stack ? e.stack.split('\n').slice(1, 6).join('\n') : '';
      if (stack) process.stderr.write(`${scrub(stack)}\n`);
    }
    process.exitCode = error.exitCode;
  }
}
