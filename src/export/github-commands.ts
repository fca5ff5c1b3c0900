/**
 * The GitHub Actions runner protocol, reimplemented from @actions/core 3.x so the Action's
 * start-up does not pay for evaluating @actions/core and the HTTP client it pulls in. The
 * wire format must stay byte-for-byte what @actions/core produces; the conformance test
 * (__tests__/unit/export-github-conformance.test.ts) runs both side by side.
 *
 * One deliberate difference: where @actions/core falls back to the retired stdout commands
 * (`::set-output`, `::save-state`, `::set-env`) when a file-command variable is missing, we
 * refuse. Every supported runner sets GITHUB_OUTPUT/GITHUB_ENV/GITHUB_STATE, and the old
 * commands would put the token itself on stdout.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { delimiter } from 'node:path';
import { TokenRelayError, usageError } from '../core/errors.ts';
import { randomUuid } from '../core/random-uuid.ts';
import type { AnnotationProperties, InputOptions, Runner } from './runner.ts';

export interface GitHubRunnerDeps {
  /** Defaults to process.env; exportVariable also writes into it, as @actions/core does. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to process.stdout.write. */
  write?: (text: string) => void;
  /** Defaults to os.EOL, which is what the runner on each OS expects. */
  eol?: string;
  /** Makes the heredoc delimiter; tests replace it to exercise the collision check. */
  newDelimiter?: () => string;
}

type FileCommand = 'OUTPUT' | 'ENV' | 'STATE';

const FILE_COMMAND_PURPOSE: Record<FileCommand, string> = {
  OUTPUT: 'step output',
  ENV: 'environment variable',
  STATE: 'post-step state',
};

/** Message part of a command (`::name::<data>`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property value of a command (`::name key=<property>::`), where `:` and `,` are syntax. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type CommandProperties = Record<string, string | number | undefined>;

/** The runner's annotation property names; @actions/core lists all six once any is given. */
function annotationProperties(p: AnnotationProperties | undefined): CommandProperties {
  if (!p || Object.keys(p).length === 0) return {};
  return {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn,
  };
}

/** `::command key=value,key=value::message`; empty and zero properties are left out. */
export function formatCommand(command: string, properties: CommandProperties, message: string): string {
  let out = `::${command}`;
  const keys = Object.keys(properties);
  if (keys.length > 0) {
    const parts: string[] = [];
    for (const key of keys) {
      const value = properties[key];
      if (!value) continue;
      parts.push(`${key}=${escapeProperty(typeof value === 'string' ? value : JSON.stringify(value))}`);
    }
    out += ` ${parts.join(',')}`;
  }
  return `${out}::${escapeData(message)}`;
}

function messageText(message: string | Error): string {
  return message instanceof Error ? message.toString() : message;
}

export function createGitHubRunner(deps: GitHubRunnerDeps = {}): Runner {
  const env = deps.env ?? process.env;
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const eol = deps.eol ?? EOL;
  const newDelimiter = deps.newDelimiter ?? (() => `ghadelimiter_${randomUuid()}`);
  // The registry and the export both mask a token; the runner needs to hear each value once.
  const masked = new Set<string>();

  const issue = (command: string, properties: CommandProperties, message: string) =>
    write(formatCommand(command, properties, message) + eol);

  // Heredoc form `name<<DELIM`; a name or value holding the delimiter could smuggle in
  // extra entries, so both are refused outright, as @actions/core does.
  const keyValueMessage = (name: string, value: string): string => {
    const delimiter = newDelimiter();
    if (name.includes(delimiter)) {
      throw new TokenRelayError(
        'unexpected',
        `Refusing to write "${name}": its name contains the delimiter.`,
      );
    }
    if (value.includes(delimiter)) {
      throw new TokenRelayError(
        'unexpected',
        `Refusing to write "${name}": its value contains the delimiter.`,
      );
    }
    return `${name}<<${delimiter}${eol}${value}${eol}${delimiter}`;
  };

  const fileCommand = (kind: FileCommand, name: string, value: string) => {
    const variable = `GITHUB_${kind}`;
    const path = env[variable];
    const what = `${FILE_COMMAND_PURPOSE[kind]} "${name}"`;
    if (!path) {
      throw usageError(
        `${variable} is not set, so the ${what} cannot be written.`,
        'Run the Action on a GitHub Actions runner (2.297.0 or later); outside Actions use the CLI and --export.',
      );
    }
    if (!existsSync(path)) {
      throw usageError(
        `The ${what} cannot be written: ${variable} names a file that does not exist (${path}).`,
        `The runner creates that file for each step; do not set ${variable} in the workflow or delete the file.`,
      );
    }
    appendFileSync(path, keyValueMessage(name, value) + eol, { encoding: 'utf8' });
  };

  const getInput = (name: string, options?: InputOptions): string => {
    const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options?.required && !value) {
      throw usageError(
        `Input required and not supplied: ${name}`,
        `Set "${name}" under "with:" in the workflow step.`,
      );
    }
    return options?.trimWhitespace === false ? value : value.trim();
  };

  return {
    addMask: (value) => {
      if (masked.has(value)) return;
      masked.add(value);
      issue('add-mask', {}, value);
    },
    setOutput: (name, value) => fileCommand('OUTPUT', name, value),
    exportVariable: (name, value) => {
      fileCommand('ENV', name, value);
      env[name] = value;
    },
    addPath: (dir) => {
      const path = env['GITHUB_PATH'];
      if (!path || !existsSync(path)) {
        throw usageError(
          `${dir} cannot be added to PATH for later steps: GITHUB_PATH is not set or names no file.`,
          'Run on a GitHub Actions runner, or set install-cli: false.',
        );
      }
      appendFileSync(path, dir + eol, { encoding: 'utf8' });
      env['PATH'] = `${dir}${delimiter}${env['PATH'] ?? ''}`;
    },
    saveState: (name, value) => fileCommand('STATE', name, value),
    getState: (name) => env[`STATE_${name}`] || '',
    getInput,
    getBooleanInput: (name, options) => {
      const value = getInput(name, options);
      if (value === 'true' || value === 'True' || value === 'TRUE') return true;
      if (value === 'false' || value === 'False' || value === 'FALSE') return false;
      throw usageError(
        `Input "${name}" is not a boolean.`,
        'Use one of true | True | TRUE | false | False | FALSE (YAML 1.2 core schema).',
      );
    },
    getMultilineInput: (name, options) => {
      const lines = getInput(name, options)
        .split('\n')
        .filter((line) => line !== '');
      return options?.trimWhitespace === false ? lines : lines.map((line) => line.trim());
    },
    info: (message) => write(message + eol),
    notice: (message) => issue('notice', {}, messageText(message)),
    warning: (message, properties) =>
      issue('warning', annotationProperties(properties), messageText(message)),
    error: (message, properties) => issue('error', annotationProperties(properties), messageText(message)),
    debug: (message) => issue('debug', {}, message),
    isDebug: () => env['RUNNER_DEBUG'] === '1',
    appendSummary: (markdown) => {
      const path = env['GITHUB_STEP_SUMMARY'];
      if (!path || !existsSync(path)) {
        throw usageError(
          'The job summary cannot be written: GITHUB_STEP_SUMMARY is not set or names no file.',
          'Run on a GitHub Actions runner that supports job summaries, or turn the summary off.',
        );
      }
      appendFileSync(path, markdown, { encoding: 'utf8' });
    },
  };
}
