import type { Command } from 'commander';
import { usageError } from '../../core/errors.ts';
import { cliIO } from '../context.ts';
import { HELP_TOPICS } from '../help-topics.ts';

const TOPIC_LIST = Object.entries(HELP_TOPICS)
  .map(([name, t]) => `  ${name.padEnd(13)}${t.summary}`)
  .join('\n');

/** `tokenrelay help [command…|topic]` and `tokenrelay completion SHELL`. */
export function registerHelpCommands(program: Command): void {
  program.helpCommand(false);
  program.addHelpText('after', `\nHelp topics (tokenrelay help TOPIC):\n${TOPIC_LIST}\n`);
  program
    .command('help [words...]')
    .description(
      `Help on a command (tokenrelay help auth login), or a topic: ${Object.keys(HELP_TOPICS).join(', ')}`,
    )
    .action((words: string[], _opts, cmd: Command) => {
      const io = cliIO(cmd);
      const [first] = words;
      const topic = first !== undefined && words.length === 1 ? HELP_TOPICS[first] : undefined;
      if (topic) {
        const text = topic.text();
        io.out(io.json ? `${JSON.stringify({ topic: first, text }, null, 2)}\n` : `${text}\n`);
        return;
      }
      let target: Command = program;
      for (const word of words) {
        const next = target.commands.find((c) => c.name() === word);
        if (!next) {
          throw usageError(
            `No command or help topic '${words.join(' ')}'.`,
            `Topics: ${Object.keys(HELP_TOPICS).join(', ')}; commands: ${program.commands.map((c) => c.name()).join(', ')}.`,
          );
        }
        target = next;
      }
      if (io.json)
        io.out(
          `${JSON.stringify({ topic: words.join(' ') || null, text: target.helpInformation() }, null, 2)}\n`,
        );
      else target.outputHelp();
    });
  program
    .command('completion')
    .argument('<shell>', 'bash | zsh | fish')
    .description('Print a shell completion script: eval "$(tokenrelay completion bash)"')
    .action(async (shell: string, _opts, cmd: Command) => {
      const io = cliIO(cmd);
      // Loaded only when asked for: the script's tables are no start-up cost for other commands.
      const { completionScript } = await import(/* webpackMode: "eager" */ '../completion.ts');
      const script = completionScript(shell, program);
      io.out(io.json ? `${JSON.stringify({ shell, script }, null, 2)}\n` : script);
    });
  // What the completion scripts ask for at Tab time: names only, one a line, never a secret.
  program
    .command('__complete', { hidden: true })
    .argument('<what>', 'environments | profiles')
    .action(async (what: string, _opts, cmd: Command) => {
      const { completionWords } = await import(/* webpackMode: "eager" */ './complete-words.ts');
      const words = await completionWords(what, cliIO(cmd).env);
      if (words.length) process.stdout.write(`${words.join('\n')}\n`);
    });
}
