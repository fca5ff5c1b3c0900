/**
 * A CI token handed to the job as a value: GitLab's `id_tokens:` puts it in a variable the
 * job names; anything else (a Kubernetes projected service-account token, a token another
 * step wrote) comes from a file. GitLab mints the variable once, when the job starts, so
 * an expired one cannot be renewed; a projected file is rotated by the kubelet, so the
 * file is read again each time.
 */
import { readFileSync } from 'node:fs';
import { authError, usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { type CiTokenSource, MIN_VALIDITY_SECONDS } from './ci-token.ts';
import { decodeJwtClaims, expiryOf, secondsLeft } from './jwt-claims.ts';

function gitlabYaml(name: string, audience = 'https://auth.example.com'): string {
  return `job:\n  id_tokens:\n    ${name}:\n      aud: ${audience}`;
}

/** The token in `$name` (GitLab `id_tokens:`). Empty or not a JWT: exit 2, with the YAML. */
export function envCiToken(
  env: Record<string, string | undefined>,
  name: string,
  opts: { audience?: string; now?: () => number } = {},
): CiTokenSource {
  const value = registerSecret(env[name]?.trim() || undefined);
  const setup = `Declare it in .gitlab-ci.yml:\n${gitlabYaml(name, opts.audience)}\n(the aud must be what the server expects; on GitHub, use the Action or give the job \`permissions: id-token: write\`).`;
  if (!value) throw usageError(`The CI token variable ${name} is empty or not set.`, setup);
  if (!decodeJwtClaims(value)) {
    throw usageError(`The CI token variable ${name} does not hold a JWT.`, setup);
  }
  return {
    origin: 'gitlab',
    label: name,
    async current() {
      assertAlive(
        value,
        name,
        opts.now?.() ?? Date.now(),
        'GitLab issues it once, when the job starts, and tokenrelay cannot renew it: re-run the job, or run tokenrelay earlier in it.',
      );
      return value;
    },
  };
}

/** The token in a file, read again on every call (projected tokens rotate). */
export function fileCiToken(path: string, opts: { now?: () => number } = {}): CiTokenSource {
  const read = (): string => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw usageError(
        `Cannot read the CI token file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`,
        'Check --id-token-file (TOKENRELAY_ID_TOKEN_FILE) and that the token is mounted there.',
      );
    }
    const value = registerSecret(text.trim() || undefined);
    if (!value || !decodeJwtClaims(value)) {
      throw usageError(
        `The CI token file ${path} ${value ? 'does not hold a JWT' : 'is empty'}.`,
        'Point --id-token-file at a file that holds the OIDC token itself.',
      );
    }
    return value;
  };
  let last = read();
  return {
    origin: 'file',
    label: path,
    async current() {
      last = reread(read, last);
      const value = last;
      assertAlive(value, path, opts.now?.() ?? Date.now(), 'Whatever writes the file must renew it.');
      return value;
    },
  };
}

/** Reads the file again, keeping the first read if the file has since gone (a rotation in flight). */
function reread(read: () => string, fallback: string): string {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function assertAlive(token: string, where: string, now: number, hint: string): void {
  const claims = decodeJwtClaims(token);
  const left = secondsLeft(claims, now);
  if (left > MIN_VALIDITY_SECONDS) return;
  const at = expiryOf(claims)!.toISOString();
  throw authError(
    left <= 0
      ? `The CI token in ${where} expired at ${at}.`
      : `The CI token in ${where} expires at ${at}, too soon to use.`,
    hint,
  );
}
