/**
 * Finds secrets where a run left them: in captured output, GITHUB_* files, the workspace
 * and temp directories — not only verbatim but in every encoding a secret takes on the way
 * out (URL/form encoding, JSON escaping, hex, and base64 at any alignment, as inside a
 * Basic header). Reports name the secret by number or label and the encoding, never the
 * value, so a failing assertion does not leak what it caught.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIN_FORM_LENGTH, type SecretForm, secretForms } from '../src/core/secret-forms.ts';
import { debugOutputsOfThisTest } from './debug-runs.ts';

export const MIN_SECRET_LENGTH = MIN_FORM_LENGTH;

export interface Leak {
  /** `secret #N` (1-based) for an array of secrets, else the label it was given under. */
  secret: string;
  /** How it was encoded, e.g. `raw`, `form-encoded`, `base64(url-encoded, offset 1)`. */
  form: string;
  /** The text's name, the file's path, or `name of <path>` when a file name holds it. */
  place: string;
  line: number;
}

export interface ScanInput {
  secrets: readonly string[] | Readonly<Record<string, string>>;
  /** Named texts, e.g. `{ stdout, stderr, GITHUB_OUTPUT: read(...) }`. */
  texts?: Readonly<Record<string, string>>;
  /** Files to read; a missing one is skipped (nothing was written, nothing leaked). */
  files?: readonly string[];
  /** Directories read recursively (regular files only, symlinks not followed); missing ones skipped. */
  dirs?: readonly string[];
}

/** A mistake in the test, not a leak: a scan that cannot be trusted must not pass. */
export class LeakScanSetupError extends Error {
  override name = 'LeakScanSetupError';
}

// The forms are the product's own definition (src/core/secret-forms.ts): the scanner looks
// for exactly what the scrubber removes and the runner masks.
export { type SecretForm, secretForms, stableBase64 } from '../src/core/secret-forms.ts';

interface Target {
  label: string;
  forms: SecretForm[];
}

function targets(secrets: ScanInput['secrets']): Target[] {
  const entries: [string, string][] = Array.isArray(secrets)
    ? secrets.map((s, i) => [`secret #${i + 1}`, s])
    : Object.entries(secrets);
  if (entries.length === 0)
    throw new LeakScanSetupError('no secrets given: a scan for nothing always passes');
  return entries.map(([label, secret]) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new LeakScanSetupError(
        `${label} is shorter than ${MIN_SECRET_LENGTH} characters; every text would "leak" it. Use a longer test secret.`,
      );
    }
    const forms = secretForms(secret);
    const known = new Set(forms.map((f) => f.pattern));
    // A PEM key leaks just as much one base64 line at a time; its armour lines are public.
    const lines = secret.split(/\r?\n/).map((l) => l.trim());
    lines.forEach((line, i) => {
      if (lines.length === 1 || line.length < 16 || line.startsWith('-----')) return;
      for (const f of secretForms(line)) {
        if (known.has(f.pattern)) continue;
        known.add(f.pattern);
        forms.push({ form: `line ${i + 1} ${f.form}`, pattern: f.pattern });
      }
    });
    return { label, forms };
  });
}

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of entries) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) walk(path, out);
    else if (stat.isFile()) out.push(path);
  }
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function places(input: ScanInput): [string, string][] {
  const result: [string, string][] = Object.entries(input.texts ?? {});
  const paths = [...(input.files ?? [])];
  for (const dir of input.dirs ?? []) walk(dir, paths);
  const seen = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(path);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    const content = readIfPresent(path);
    if (content === undefined) continue;
    result.push([path, content], [`name of ${path}`, path]);
  }
  return result;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A place name may itself hold a secret (a file named after a token); never echo that. */
function redactPlace(place: string, all: Target[]): string {
  let safe = place;
  for (const { label, forms } of all) {
    for (const { pattern } of forms) safe = safe.split(pattern).join(`[${label}]`);
  }
  return safe;
}

/** Every secret found, once per secret, form and place; a report never contains a secret. */
export function scanForLeaks(input: ScanInput): Leak[] {
  const all = targets(input.secrets);
  const leaks: Leak[] = [];
  for (const [place, text] of places(input)) {
    for (const { label, forms } of all) {
      for (const { form, pattern } of forms) {
        const index = text.indexOf(pattern);
        if (index === -1) continue;
        leaks.push({ secret: label, form, place: redactPlace(place, all), line: lineAt(text, index) });
      }
    }
  }
  return leaks;
}

export function formatLeak(leak: Leak): string {
  return `${leak.secret} found as ${leak.form} in ${leak.place} (line ${leak.line})`;
}

/** With TOKENRELAY_TEST_DEBUG=1, also the debug output of the running test's runs (debug-runs.ts). */
export function assertNoLeaks(input: ScanInput): void {
  const leaks = scanForLeaks({ ...input, texts: { ...input.texts, ...debugOutputsOfThisTest() } });
  if (leaks.length === 0) return;
  const lines = leaks.map((leak) => `  - ${formatLeak(leak)}`);
  throw new Error(`${leaks.length} secret leak(s):\n${lines.join('\n')}`);
}
