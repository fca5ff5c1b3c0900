import type { Command } from 'commander';
import { addRequestOptions, addTokenOptions } from '../global-options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `tokenrelay validate`: prove an API key / PAT works; with none given, what the resolver finds. */
export function registerValidateCommand(program: Command): void {
  const cmd = program
    .command('validate')
    .description("Validate an API key or PAT against the API's profile endpoint and show who it belongs to")
    .option(
      '--export <form>',
      'also hand the token on: print | shell | json | gitlab-dotenv=PATH | file=PATH',
      collect,
    )
    .option('--env-name <name>', 'variable name for shell and dotenv exports (default TOKENRELAY_TOKEN)');
  addRequestOptions(addTokenOptions(cmd)).action(async (_opts, command: Command) => {
    const { runValidate } = await import(/* webpackMode: "eager" */ './validate-run.ts');
    await runValidate(command);
  });
}
