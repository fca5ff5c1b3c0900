import type { Command } from 'commander';
import { addRequestOptions, addSettingOptions, addTokenOptions } from '../global-options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `tokenrelay exchange`: client credentials for a CI script line or a cron job. */
export function registerExchangeCommand(program: Command): void {
  const cmd = program
    .command('exchange')
    .description(
      'Get a token by OAuth client credentials or keyless CI federation; print it or export it for the next step',
    )
    .option('--client-secret-stdin', 'read the client secret from stdin')
    .option(
      '--private-key-file <path>',
      'private key for private_key_jwt, PKCS#8 PEM or JWK (TOKENRELAY_PRIVATE_KEY)',
    )
    .option('--param <name=value>', 'extra token-request parameter (repeatable)', collect)
    .option('--validate', "also validate the token against the API's profile endpoint")
    .option('--export <form>', 'print | shell | json | gitlab-dotenv=PATH | file=PATH (repeatable)', collect)
    .option('--print', 'print the token alone on stdout (the default)')
    .option('--env-name <name>', 'variable name for shell and dotenv exports (default TOKENRELAY_TOKEN)');
  addRequestOptions(addTokenOptions(addSettingOptions(cmd, 'exchange'))).action(
    async (_opts, command: Command) => {
      // Loaded only when this command runs, so other commands do not pay for it (see main.ts).
      const { runExchange } = await import(/* webpackMode: "eager" */ './exchange-run.ts');
      await runExchange(command);
    },
  );
}
