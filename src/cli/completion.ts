import type { Command, Option } from 'commander';
import { usageError } from '../core/errors.ts';
import { FEDERATION_MODES, TOKEN_TYPES } from '../core/federation-modes.ts';
import { CLIENT_AUTH_METHODS, GRANTS } from '../core/settings-table.ts';
import { EXPORT_FORMS } from '../export/sinks.ts';
import { commandPath, optionsOf } from './help.ts';
import { HELP_TOPICS } from './help-topics.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** What a value-taking option completes to. Lists are static; stored things are asked for at Tab time. */
interface ValueSpec {
  words?: readonly string[];
  files?: true;
  dirs?: true;
  /** `tokenrelay __complete NAME` prints them (stored environments, config profiles). */
  ask?: 'environments' | 'profiles';
}

const VALUES: Record<string, ValueSpec> = {
  // gitlab-dotenv=PATH → `gitlab-dotenv=`, then a file name after the `=`.
  export: { words: EXPORT_FORMS.map((f) => f.replace(/=PATH$/, '=')) },
  federation: { words: FEDERATION_MODES },
  'client-auth': { words: CLIENT_AUTH_METHODS },
  grant: { words: GRANTS },
  'subject-token-type': { words: Object.keys(TOKEN_TYPES) },
  'requested-token-type': { words: Object.keys(TOKEN_TYPES) },
  prompt: { words: ['consent', 'login', 'select_account', 'none', 'omit'] },
  'cache-dir': { words: ['auto', 'off'], dirs: true },
  environment: { ask: 'environments' },
  profile: { ask: 'profiles' },
};

/** A value-taking option's completion: from the table above, else files for `<path>`/`<file>`, dirs for `<dir>`. */
function completionOf(o: Option): ValueSpec {
  const name = o.long!.slice(2);
  if (VALUES[name]) return VALUES[name];
  if (o.argChoices) return { words: o.argChoices };
  if (/<(?:path|file)>/.test(o.flags)) return { files: true };
  if (/<dir>/.test(o.flags)) return { dirs: true };
  return {};
}

interface Node {
  path: string;
  subcommands: string[];
  words: string[];
}

interface Tree {
  nodes: Node[];
  /** Every option that takes a value, on any command (same meaning everywhere). */
  values: Map<string, ValueSpec>;
}

/** Subcommands a person types (not `__complete`, which the scripts themselves call). */
const visible = (cmd: Command) => cmd.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);

/** Every command path, with what may follow it: subcommands, options, and a few known arguments. */
function tree(program: Command): Tree {
  const nodes: Node[] = [];
  const values = new Map<string, ValueSpec>();
  const visit = (cmd: Command) => {
    const path = commandPath(cmd);
    const subcommands = visible(cmd).map((c) => c.name());
    const args =
      path === 'help'
        ? [
            ...Object.keys(HELP_TOPICS),
            ...visible(program)
              .map((c) => c.name())
              .filter((n) => n !== 'help'),
          ]
        : path === 'completion'
          ? [...SHELLS]
          : [];
    const options = path === '' ? ['--help', '--version'] : optionsOf(cmd, program);
    nodes.push({ path, subcommands, words: [...subcommands, ...args, ...options] });
    for (const o of [...cmd.options, ...program.options]) {
      if (o.long && (o.required || o.optional)) values.set(o.long, completionOf(o));
    }
    for (const sub of visible(cmd)) visit(sub);
  };
  visit(program);
  return { nodes, values };
}

/** `tokenrelay completion bash|zsh|fish`: a script that starts Node only to list stored environments and profiles. */
export function completionScript(shell: string, program: Command): string {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw usageError(`No completion for '${shell}'.`, `Choose one of: ${SHELLS.join(', ')}.`);
  }
  const t = tree(program);
  return (shell as Shell) === 'fish' ? fish(t) : shell === 'zsh' ? zsh(t) : bash(t);
}

/**
 * The words are split from the line up to the cursor by the function itself rather than taken
 * from COMP_WORDS, which bash also splits at `:` and `=` (a URL would be three words). What
 * bash replaces is only the part after the last `:`, so that prefix is taken off the answers.
 * An empty answer falls back to file names (`-o default`): `--file`, `--export file=…` and
 * the arguments of a command after `run --`.
 */
function bash({ nodes, values }: Tree): string {
  const steps = nodes.flatMap((n) => n.subcommands.map((s) => `"${n.path}:${s}"`));
  const cases = nodes.map((n) => `    "${n.path}") candidates="${n.words.join(' ')}" ;;`);
  const valueCases: string[] = [];
  const free: string[] = [];
  for (const [option, spec] of values) {
    const parts: string[] = [];
    if (spec.words) parts.push(`candidates="${spec.words.join(' ')}"`);
    if (spec.ask) parts.push(`candidates="$(tokenrelay __complete ${spec.ask} 2>/dev/null)"`);
    if (spec.files && !spec.words) parts.push('return 0');
    if (spec.dirs) parts.push('dirs=1');
    if (parts.length) valueCases.push(`    ${option}) ${parts.join('; ')} ;;`);
    else free.push(option);
  }
  if (free.length) valueCases.push(`    ${free.join('|')}) _tokenrelay_no_default; return 0 ;;`);
  return `# tokenrelay completion for bash: eval "$(tokenrelay completion bash)", e.g. in ~/.bashrc
_tokenrelay_no_default() { type compopt >/dev/null 2>&1 && compopt +o default; }
_tokenrelay() {
  local line="\${COMP_LINE:0:$COMP_POINT}" cmdpath="" candidates="" cur="" prev="" w i n dirs=""
  local IFS=$' \\t\\n'
  local -a ws
  set -f; ws=($line); set +f
  case "$line" in *[[:space:]]) ws+=("") ;; esac
  n=\${#ws[@]}
  cur="\${ws[n-1]}"
  (( n > 1 )) && prev="\${ws[n-2]}"
  for ((i = 1; i < n - 1; i++)); do
    w="\${ws[i]}"
    if [ "$w" = "--" ]; then
      # After \`run --\`: a command, then (-o default) its arguments as file names.
      if [ "$cmdpath" = "run" ] && (( i == n - 2 )); then
        COMPREPLY=($(compgen -c -- "$cur" | sort -u))
      fi
      return 0
    fi
    case "$w" in
      ${[...values.keys()].join('|')}) (( i++ )); continue ;;
    esac
    case "$cmdpath:$w" in
      ${steps.join('|')}) cmdpath="\${cmdpath:+$cmdpath }$w" ;;
    esac
  done
  case "$prev" in
${valueCases.join('\n')}
    *)
      case "$cur" in
        file=*|gitlab-dotenv=*) [ "$prev" = "--export" ] && return 0 ;;
      esac
      case "$cmdpath" in
${cases.join('\n')}
      esac ;;
  esac
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  [ -n "$dirs" ] && COMPREPLY+=($(compgen -d -- "$cur"))
  if [ "\${#COMPREPLY[@]}" = 1 ] && [ "\${COMPREPLY[0]%=}" != "\${COMPREPLY[0]}" ]; then
    type compopt >/dev/null 2>&1 && compopt -o nospace
  fi
  if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
    local colon="\${cur%"\${cur##*:}"}"
    COMPREPLY=("\${COMPREPLY[@]#"$colon"}")
  fi
  return 0
}
complete -o default -F _tokenrelay tokenrelay
`;
}

/** zsh runs the bash function through its bashcompinit layer: one tree, one logic. */
function zsh(t: Tree): string {
  return `#compdef tokenrelay
# tokenrelay completion for zsh: eval "$(tokenrelay completion zsh)", e.g. in ~/.zshrc
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(t).split('\n').slice(1).join('\n')}`;
}

function fish({ nodes, values }: Tree): string {
  const lines = [
    '# tokenrelay completion for fish: tokenrelay completion fish | source',
    'complete -c tokenrelay -f',
    '# After `run ... --`: what fish would complete for the command line that follows.',
    'function __tokenrelay_in_run_command',
    '    set -l tokens (commandline -opc)',
    '    contains -- run $tokens; and contains -- -- $tokens',
    'end',
    'function __tokenrelay_run_args',
    '    set -l rest (commandline -opc)',
    '    set -l i (contains -i -- -- $rest)',
    '    set -e rest[1..$i]',
    '    complete -C (string join -- " " (string escape -- $rest) (commandline -ct))',
    'end',
    "complete -c tokenrelay -n __tokenrelay_in_run_command -x -a '(__tokenrelay_run_args)'",
  ];
  const valueArgs = (option: string): string => {
    const spec = values.get(option);
    if (!spec) return '';
    if (spec.files) return ' -r -F';
    const words = [...(spec.words ?? [])];
    if (spec.ask) words.push(`(tokenrelay __complete ${spec.ask} 2>/dev/null)`);
    if (spec.dirs) words.push('(__fish_complete_directories (commandline -ct) "")');
    return words.length ? ` -x -a '${words.join(' ')}'` : ' -x';
  };
  for (const n of nodes) {
    const parts = n.path.split(' ').filter(Boolean);
    const last = parts.at(-1);
    const where = last
      ? `__fish_seen_subcommand_from ${last}${n.subcommands.length ? `; and not __fish_seen_subcommand_from ${n.subcommands.join(' ')}` : ''}`
      : '__fish_use_subcommand';
    const condition = `${where}; and not __tokenrelay_in_run_command`;
    const args = n.words.filter((w) => !w.startsWith('-'));
    if (args.length) lines.push(`complete -c tokenrelay -n '${condition}' -a '${args.join(' ')}'`);
    for (const option of n.words.filter((w) => w.startsWith('--'))) {
      lines.push(`complete -c tokenrelay -n '${condition}' -l ${option.slice(2)}${valueArgs(option)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
