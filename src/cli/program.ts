import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/errors.ts';
import { scrub } from '../core/secrets.ts';
import { VERSION } from '../core/version.ts';
import { registerAuthCommands } from './commands/auth.ts';
import { registerCredentialCommands } from './commands/credential.ts';
import { registerExchangeCommand } from './commands/exchange.ts';
import { registerHelpCommands } from './commands/help.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { addGlobalOptions } from './global-options.ts';
import { configureHelp } from './help.ts';
import { reportUsage } from './report-error.ts';

/**
 * A mistyped option often carries a secret (`--tokne=…`, `--client_secret=…`), and it is not
 * registered (only the real secret flags are), so the scrubber cannot catch it: the error
 * names the option alone. Surplus arguments (a token pasted without its flag) are counted,
 * not echoed. Subcommands are made by createCommand, so they behave the same.
 */
class SafeCommand extends Command {
  override createCommand(name?: string): Command {
    return new SafeCommand(name);
  }

  unknownOption(flag: string): never {
    const name = flag.startsWith('--') ? flag.split('=', 1)[0]! : flag.slice(0, 2);
    return commanderMethod('unknownOption').call(this, name);
  }

  /**
   * `tokenrelay login` (gh, az and vault have it at the top): the command is `auth login`, and
   * saying so beats a bare "unknown command". A name that does not look like a command (a
   * token pasted in its place) is not echoed.
   */
  unknownCommand(): never {
    const name = this.args[0] ?? '';
    if (!this.parent && AUTH_COMMANDS.has(name)) {
      return this.error(`error: unknown command '${name}'. Did you mean 'tokenrelay auth ${name}'?`, {
        code: 'commander.unknownCommand',
        exitCode: 1,
      });
    }
    if (/^[a-z][a-z0-9-]{0,40}$/.test(name)) return commanderMethod('unknownCommand').call(this);
    return this.error('error: unknown command (not shown: it may be a secret).', {
      code: 'commander.unknownCommand',
      exitCode: 1,
    });
  }

  _excessArguments(received: string[]): void {
    if ((this as unknown as { _allowExcessArguments?: boolean })._allowExcessArguments) return;
    const expected = this.registeredArguments.length;
    this.error(
      `error: too many arguments for '${this.name()}': expected ${expected}, got ${received.length} (not shown: one may be a secret).`,
      { code: 'commander.excessArguments', exitCode: 1 },
    );
  }
}

/** Top-level words people bring from other CLIs, each an `auth` subcommand here. */
const AUTH_COMMANDS = new Set(['login', 'logout', 'status', 'token', 'switch']);

function commanderMethod(name: string): (this: Command, ...args: unknown[]) => never {
  return (Command.prototype as unknown as Record<string, (this: Command, ...args: unknown[]) => never>)[
    name
  ]!;
}

/**
 * The full command line: every command and option. Each command module only declares its
 * options; what it does is loaded when it runs, so parsing costs the same for all of them.
 */
export async function runProgram(argv: string[]): Promise<void> {
  const program = addGlobalOptions(
    new SafeCommand('tokenrelay')
      .description('Get a token for an API, keep it secret, hand it to the next step.')
      .version(VERSION, '-V, --version')
      .showHelpAfterError('(run with --help for usage)')
      .exitOverride()
      .configureOutput({ writeErr: (s) => process.stderr.write(scrub(s)) }),
  );
  registerAuthCommands(program);
  registerExchangeCommand(program);
  registerValidateCommand(program);
  registerRunCommand(program);
  registerCredentialCommands(program);
  registerHelpCommands(program);
  program
    .command('version')
    .description('Print the version (as --version does)')
    .action((_opts, cmd: Command) => {
      const json = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
      process.stdout.write(json ? `${JSON.stringify({ version: VERSION }, null, 2)}\n` : `${VERSION}\n`);
    });
  configureHelp(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // --help and --version end here with code 0; a usage mistake is exit 2.
    process.exitCode = e.exitCode === 0 ? ExitCode.ok : reportUsage(e.message, argv.slice(2));
  }
}
