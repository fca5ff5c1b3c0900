/**
 * The part of the GitHub Actions runner protocol tokenrelay speaks. The Action face receives
 * a Runner as a collaborator, so tests pass one that writes to temp files or records calls
 * instead of mocking `@actions/core`. `createGitHubRunner` (github-commands.ts) is the real one.
 *
 * There is deliberately no `setFailed`: exit codes are richer than pass/fail (README "Exit
 * codes"), so the face reports with `error()` and sets the exit code itself.
 */

/** Where an annotation points; mapped to the runner's `title,file,line,endLine,col,endColumn`. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export interface InputOptions {
  /** Throw a usage error when the input is empty or absent. */
  required?: boolean;
  /** Default true: surrounding whitespace is removed. */
  trimWhitespace?: boolean;
}

export interface Runner {
  /** `::add-mask::` — every later log line has the value replaced by `***`. */
  addMask(value: string): void;
  /** Step output, through the `GITHUB_OUTPUT` file. */
  setOutput(name: string, value: string): void;
  /** Environment variable for later steps (`GITHUB_ENV`), also set in this process's env. */
  exportVariable(name: string, value: string): void;
  /** A directory put first on PATH for later steps (`GITHUB_PATH`), and for this process. */
  addPath(dir: string): void;
  /** State handed to this action's post step (`GITHUB_STATE`). */
  saveState(name: string, value: string): void;
  /** State saved by the main step, as the runner hands it to the post step (`STATE_<name>`). */
  getState(name: string): string;
  /** `INPUT_<NAME>` as the runner sets it; '' when absent. */
  getInput(name: string, options?: InputOptions): string;
  /** YAML 1.2 core schema booleans only: true | True | TRUE | false | False | FALSE. */
  getBooleanInput(name: string, options?: InputOptions): boolean;
  /** Non-empty lines of an input. */
  getMultilineInput(name: string, options?: InputOptions): string[];
  info(message: string): void;
  /** `::notice::` — an annotation that is neither a warning nor an error; info() where absent. */
  notice?(message: string): void;
  warning(message: string | Error, properties?: AnnotationProperties): void;
  error(message: string | Error, properties?: AnnotationProperties): void;
  /** Always printed as `::debug::`; the runner shows it only when step debug logging is on. */
  debug(message: string): void;
  /** True when the runner runs with debug logging (`RUNNER_DEBUG=1`). */
  isDebug(): boolean;
  /** Appends markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
  appendSummary(markdown: string): void;
}
