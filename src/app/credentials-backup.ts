import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { authError, TokenRelayError, usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { checkRecord, isCredentialKind } from '../store/records.ts';
import type { CredentialRecord } from '../store/types.ts';

/**
 * The encrypted backup `auth export` writes and `auth import` reads: one compact JWE,
 * PBES2-HS512+A256KW (the key from a passphrase, PBKDF2 with many iterations) around
 * A256GCM, whose plaintext lists every record as the store keeps it.
 */
export const BACKUP_FORMAT = 'tokenrelay-credentials';
const CONTENT_TYPE = 'application/vnd.tokenrelay.credentials+json';
const ALG = 'PBES2-HS512+A256KW';
const ENC = 'A256GCM';
/** PBKDF2-HMAC-SHA512 iterations: OWASP's 2023 advice is 210,000; an export is written rarely. */
export const PBES2_COUNT = 600_000;
const MIN_PASSPHRASE = 8;

/**
 * Why a passphrase cannot be one (too short), or undefined. Asked before the passphrase is
 * registered as a secret: a refused value is not one, and registered, a passphrase such as
 * `short` would have the scrubber turn this very message into "too *** (5 characters)".
 * The message holds no word of the passphrase, only its length.
 */
export function passphraseProblem(passphrase: string, choosing: boolean): TokenRelayError | undefined {
  if (passphrase.length >= MIN_PASSPHRASE) return undefined;
  return usageError(
    choosing
      ? `The passphrase is too short (${passphrase.length} characters).`
      : `That passphrase (${passphrase.length} characters) is shorter than any export's (${MIN_PASSPHRASE} or more); nothing was imported.`,
    choosing
      ? `Use at least ${MIN_PASSPHRASE} characters; a few unrelated words are best.`
      : 'Give the passphrase the export was written with.',
  );
}

export function checkPassphrase(passphrase: string): string {
  const problem = passphraseProblem(passphrase, true);
  if (problem) throw problem;
  return registerSecret(passphrase);
}

export async function encryptBackup(records: CredentialRecord[], passphrase: string, now = new Date()) {
  const { CompactEncrypt } = await import(/* webpackMode: "eager" */ 'jose');
  const plaintext = JSON.stringify({
    format: BACKUP_FORMAT,
    version: 1,
    exported_at: now.toISOString(),
    records,
  });
  const jwe = await new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: ALG, enc: ENC, cty: CONTENT_TYPE })
    .setKeyManagementParameters({ p2c: PBES2_COUNT })
    .encrypt(new TextEncoder().encode(passphrase));
  return `${jwe}\n`;
}

const notAnExport = (what: string, detail: string) =>
  usageError(
    `${what} is not a tokenrelay credentials export (${detail}).`,
    "Point --file at a file written by 'tokenrelay auth export'.",
  );

/**
 * The records of a backup, each checked the way the store checks what it reads. Wrong
 * passphrase: exit 4; anything that is not an intact export: exit 2. Nothing is written here.
 */
export async function decryptBackup(
  text: string,
  askPassphrase: () => Promise<string>,
  what: string,
): Promise<CredentialRecord[]> {
  const jwe = text.trim();
  const parts = jwe.split('.');
  if (parts.length !== 5) throw notAnExport(what, 'not a compact JWE');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw notAnExport(what, 'its header is not JSON');
  }
  if (header.alg !== ALG || header.enc !== ENC || header.cty !== CONTENT_TYPE) {
    throw notAnExport(what, `alg ${String(header.alg)}, enc ${String(header.enc)}`);
  }
  if (typeof header.p2c !== 'number' || header.p2c > 10 * PBES2_COUNT) throw notAnExport(what, 'bad p2c');
  // Asked only now: a file that is not an export costs nobody a passphrase.
  const passphrase = registerSecret(await askPassphrase());
  const { compactDecrypt, errors } = await import(/* webpackMode: "eager" */ 'jose');
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(jwe, new TextEncoder().encode(passphrase), {
      keyManagementAlgorithms: [ALG],
      contentEncryptionAlgorithms: [ENC],
      maxPBES2Count: 10 * PBES2_COUNT,
    }));
  } catch (e) {
    if (e instanceof errors.JWEDecryptionFailed) {
      throw authError(
        `Could not decrypt ${what}: wrong passphrase (or the file was altered).`,
        'Try the passphrase again; nothing was imported.',
      );
    }
    throw notAnExport(what, e instanceof Error ? e.message : 'undecodable');
  }
  return checkedRecords(new TextDecoder().decode(plaintext), what);
}

function checkedRecords(text: string, what: string): CredentialRecord[] {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw notAnExport(what, 'its content is not JSON');
  }
  if (doc.format !== BACKUP_FORMAT || doc.version !== 1 || !Array.isArray(doc.records)) {
    throw notAnExport(what, `format ${JSON.stringify(doc.format)} version ${JSON.stringify(doc.version)}`);
  }
  return doc.records.map((value: unknown, i: number) => {
    const v = (value ?? {}) as Record<string, unknown>;
    const kind = isCredentialKind(v.kind) ? v.kind : undefined;
    const environment = typeof v.environment === 'string' ? v.environment : undefined;
    const checked =
      kind && environment ? checkRecord(value, environment, kind) : { problem: 'no kind or environment' };
    if ('problem' in checked) {
      throw new TokenRelayError(
        'usage',
        `Record ${i + 1} of ${what} is unusable: ${checked.problem}. Nothing was imported.`,
        'The export is damaged; export again from the machine that holds the credentials.',
      );
    }
    return checked.record;
  });
}

/**
 * A git work tree (a `.git` directory or file in the folder or above it): a credentials file
 * there is one `git add .` away from a repository. Only --force writes there.
 */
export function gitWorkTreeOf(path: string): string | undefined {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function refuseGitWorkTree(path: string, force: boolean, what: string): void {
  const tree = gitWorkTreeOf(path);
  if (tree && !force) {
    throw usageError(
      `${what} ${path} is inside the git work tree ${tree}, where it could be committed.`,
      'Choose a path outside it, or pass --force if that is really meant.',
    );
  }
}
