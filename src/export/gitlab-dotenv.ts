/**
 * `--export gitlab-dotenv=PATH`: a file for `artifacts:reports:dotenv`, which GitLab turns
 * into variables of later jobs. GitLab's parser is stricter than dotenv's (see
 * Ci::ParseDotenvArtifactService): one `KEY=value` per line split at the first `=`, key and
 * value stripped of surrounding whitespace, no quoting (quotes are kept literally, so none
 * are written), names of ASCII letters, digits and `_`, and the file smaller than 5 KB.
 * A value GitLab would alter is refused instead of written altered:
 *  - newline, carriage return, NUL: the value would be cut or the line rejected;
 *  - leading or trailing whitespace: stripped by GitLab;
 *  - `$`: dotenv variables are stored as expandable, so `$NAME` in a value is substituted
 *    by the runner in the jobs that read it.
 * Names: the token as `<NAME>` (default TOKENRELAY_TOKEN), then `<NAME>_TYPE`,
 * `<NAME>_EXPIRES_AT`, `<NAME>_TENANT`, `<NAME>_WORKSPACE` when the token has them.
 * GitLab does not mask dotenv variables; the job that reads them must not echo them.
 */
import { usageError } from '../core/errors.ts';
import type { ResolvedToken } from '../core/token.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { DEFAULT_ENV_NAME, tokenVariables } from './variables.ts';

/** GitLab's default `dotenv_size` limit; the file must be strictly smaller. */
export const DOTENV_MAX_BYTES = 5 * 1024;

const WHAT = 'GitLab dotenv report';

function valueProblem(value: string): string | undefined {
  if (value.includes('\n')) return 'it contains a newline';
  if (value.includes('\r')) return 'it contains a carriage return';
  if (value.includes('\0')) return 'it contains a NUL byte';
  if (value !== value.trim()) return 'it starts or ends with whitespace, which GitLab strips';
  if (value.includes('$')) return 'it contains "$", which GitLab expands in the jobs that read it';
  return undefined;
}

export function renderGitLabDotenv(token: ResolvedToken, envName = DEFAULT_ENV_NAME): string {
  let out = '';
  for (const [name, value] of tokenVariables(token, envName)) {
    const problem = valueProblem(value);
    if (problem) {
      const subject = name === envName ? 'The token' : name;
      throw usageError(
        `${subject} cannot be written to a ${WHAT}: ${problem}.`,
        'Use --export file=PATH or --export json in the job that needs the token instead.',
      );
    }
    out += `${name}=${value}\n`;
  }
  const size = Buffer.byteLength(out, 'utf8');
  if (size >= DOTENV_MAX_BYTES) {
    throw usageError(
      `The ${WHAT} would be ${size} bytes; GitLab accepts less than ${DOTENV_MAX_BYTES}.`,
      'Request fewer scopes for a smaller token, or run tokenrelay in the job that needs the token.',
    );
  }
  return out;
}

/** Writes the report 0600, atomically; returns its absolute path. */
export function writeGitLabDotenv(token: ResolvedToken, path: string, envName = DEFAULT_ENV_NAME): string {
  return writeFileAtomic(path, renderGitLabDotenv(token, envName), { what: WHAT });
}
