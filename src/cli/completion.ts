import type { Command } from 'commander';
import { usageError } from '../core/errors.ts';
import { commandPath, optionsOf } from './help.ts';
import { HELP_TOPICS } from './help-topics.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

interface Node {
  path: string;
  subcommands: string[];
  words: string[];
}

/** Every command path, with what may follow it: subcommands, options, and a few known arguments. */
function nodes(program: Command): Node[] {
  const out: Node[] = [];
  const visit = (cmd: Command) => {
    const path = commandPath(cmd);
    const subcommands = cmd.commands.map((c) => c.name());
    const args =
      path === 'help'
        ? [...Object.keys(HELP_TOPICS), ...program.commands.map((c) => c.name()).filter((n) => n !== 'help')]
        : path === 'completion'
          ? [...SHELLS]
          : [];
    const options = path === '' ? ['--help', '--version'] : optionsOf(cmd, program);
    out.push({ path, subcommands, words: [...subcommands, ...args, ...options] });
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
  return out;
}

/** `tokenrelay completion bash|zsh|fish`: a static script, so completing costs no Node start-up. */
export function completionScript(shell: string, program: Command): string {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw usageError(`No completion for '${shell}'.`, `Choose one of: ${SHELLS.join(', ')}.`);
  }
  const tree = nodes(program);
  return (shell as Shell) === 'fish' ? fish(tree) : shell === 'zsh' ? zsh(tree) : bash(tree);
}

function bash(tree: Node[]): string {
  const steps = tree.flatMap((n) => n.subcommands.map((s) => `"${n.path}:${s}"`));
  const cases = tree.map((n) => `    "${n.path}") candidates="${n.words.join(' ')}" ;;`);
  return `# tokenrelay completion for bash: eval "$(tokenrelay completion bash)", e.g. in ~/.bashrc
_tokenrelay() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" candidates="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$cmdpath:$w" in
      ${steps.join('|')}) cmdpath="\${cmdpath:+$cmdpath }$w" ;;
    esac
  done
  case "$cmdpath" in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -F _tokenrelay tokenrelay
`;
}

/** zsh runs the bash function through its bashcompinit layer: one tree, one logic. */
function zsh(tree: Node[]): string {
  return `#compdef tokenrelay
# tokenrelay completion for zsh: eval "$(tokenrelay completion zsh)", e.g. in ~/.zshrc
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(tree).split('\n').slice(1).join('\n')}`;
}

function fish(tree: Node[]): string {
  const lines = [
    '# tokenrelay completion for fish: tokenrelay completion fish | source',
    'complete -c tokenrelay -f',
  ];
  for (const n of tree) {
    const parts = n.path.split(' ').filter(Boolean);
    const last = parts.at(-1);
    const condition = last
      ? `__fish_seen_subcommand_from ${last}${n.subcommands.length ? `; and not __fish_seen_subcommand_from ${n.subcommands.join(' ')}` : ''}`
      : '__fish_use_subcommand';
    const args = n.words.filter((w) => !w.startsWith('-'));
    if (args.length) lines.push(`complete -c tokenrelay -n '${condition}' -a '${args.join(' ')}'`);
    for (const option of n.words.filter((w) => w.startsWith('--'))) {
      lines.push(`complete -c tokenrelay -n '${condition}' -l ${option.slice(2)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
