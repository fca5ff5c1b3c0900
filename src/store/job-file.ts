import { registerSecret } from '../core/secrets.ts';
import { readTrustedFile, removeFile, writeNewPrivateFile } from './secure-fs.ts';
import type { Warn } from './types.ts';

/**
 * What the Action leaves for the later steps of its job: the settings it minted with, as the
 * TOKENRELAY_* variables they are read from, and — only with `keep-fresh` — the client secret
 * or key. A 0600 file under RUNNER_TEMP (never the workspace); the post step deletes it.
 */
export interface JobFile {
  version: 1;
  /** TOKENRELAY_* name -> value; secrets only with keep-fresh. */
  settings: Record<string, string>;
  /** The Action's `params` input. */
  extraParams: Record<string, string>;
  keepFresh: boolean;
}

/** The names whose values are secrets, registered the moment the file is read. */
const SECRET_NAMES = ['TOKENRELAY_CLIENT_SECRET', 'TOKENRELAY_PRIVATE_KEY'];

/** Writes the job file at a new path (a fresh random name); an existing file is refused. */
export function writeJobFile(path: string, job: JobFile): void {
  writeNewPrivateFile(path, `${JSON.stringify(job)}\n`);
}

/** undefined when absent, unsafe (see readTrustedFile) or not a job file. */
export function readJobFile(path: string, warn: Warn): JobFile | undefined {
  const raw = readTrustedFile(path, warn, "the tokenrelay job's settings");
  if (raw === undefined) return undefined;
  let v: Partial<JobFile>;
  try {
    v = JSON.parse(raw) as Partial<JobFile>;
  } catch {
    return undefined;
  }
  if (v.version !== 1 || typeof v.settings !== 'object' || v.settings === null) return undefined;
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.settings)) {
    if (!name.startsWith('TOKENRELAY_') || typeof value !== 'string') continue;
    settings[name] = SECRET_NAMES.includes(name) ? registerSecret(value) : value;
  }
  const extraParams: Record<string, string> = {};
  for (const [k, value] of Object.entries(v.extraParams ?? {}))
    if (typeof value === 'string') extraParams[k] = value;
  return { version: 1, settings, extraParams, keepFresh: v.keepFresh === true };
}

export async function removeJobFile(path: string): Promise<void> {
  await removeFile(path);
}
