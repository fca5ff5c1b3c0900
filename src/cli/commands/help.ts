import type { Command } from 'commander';
import { usageError } from '../../core/errors.ts';
import { completionScript, SHELLS } from '../completion.ts';
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
    .argument('<shell>', SHELLS.join(' | '))
    .description('Print a shell completion script: eval "$(tokenrelay completion bash)"')
    .action((shell: string, _opts, cmd: Command) => {
      const io = cliIO(cmd);
      const script = completionScript(shell, program);
      io.out(io.json ? `${JSON.stringify({ shell, script }, null, 2)}\n` : script);
    });
}
