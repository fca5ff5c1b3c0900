/**
 * The secret registry. A value becomes a secret the moment it enters the process: the
 * code that reads it calls `registerSecret` before doing anything else with it. Faces
 * subscribe (the Action forwards each value to the runner's `add-mask`), and every text
 * that leaves the process through an error or a log line goes through `scrub`.
 */

import { derivedForms } from './secret-forms.ts';

type Sink = (value: string) => void;

const MIN_LENGTH = 4;
const secrets = new Set<string>();
/**
 * Forms of secrets that could be words of tokenrelay's own text: letters in words (`passphrase`,
 * `private key`, `client-secret`) or a number. Starring one inside a message shows it — `The ***
 * is wrong` reads as the passphrase — and leaving it shows it too, so a text holding one is
 * withheld whole (`scrub`).
 */
const wordLike = new Set<string>();
const WORD_LIKE = /^(?:[A-Za-z]+(?:[ _.-][A-Za-z]+)*|[0-9]+)$/;

/** What a text holding a word-like secret becomes: fixed, so it tells nothing about which word. */
export const WITHHELD =
  '(withheld: it contains a word that is also one of the secrets given, and hiding the word would show the secret. A secret that is a plain word or number is guessable: replace it with a random one.)';
const sinks: Sink[] = [];
/**
 * Registered while no sink listens (the CLI): their derived forms are computed when something
 * first asks (`scrub`, `isSecret`, a new sink), not on the way in — `tokenrelay auth token`
 * registers a stored session's tokens and usually prints without scrubbing anything.
 */
const pending: string[] = [];

/** Derived forms that appear on the wire and that a runner would not mask by itself. */
export { derivedForms } from './secret-forms.ts';

/**
 * Registers a secret (and each of its lines, for PEM keys) and returns it unchanged, so a
 * read can be written `const secret = registerSecret(env.X)`.
 */
export function registerSecret<T extends string | undefined>(value: T): T {
  if (!value || value.length < MIN_LENGTH) return value;
  if (sinks.length === 0) pending.push(value);
  else addForms(value);
  return value;
}

// A PEM key's armour lines are the same in every key: masking them hides nothing and garbles logs.
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

function addForms(value: string): void {
  const word = WORD_LIKE.test(value);
  const parts = [value, ...value.split(/\r?\n/).map((l) => l.trim())];
  for (const part of parts) {
    if (part.length < MIN_LENGTH || PEM_ARMOUR.test(part)) continue;
    const partWord = word || WORD_LIKE.test(part);
    for (const form of derivedForms(part)) {
      if (partWord) wordLike.add(form);
      if (secrets.has(form)) continue;
      secrets.add(form);
      for (const sink of sinks) sink(form);
    }
  }
}

function settle(): void {
  for (const value of pending.splice(0)) addForms(value);
}

/** A sink sees every secret registered so far and every later one. */
export function onSecret(sink: Sink): () => void {
  settle();
  for (const s of secrets) sink(s);
  sinks.push(sink);
  return () => {
    const i = sinks.indexOf(sink);
    if (i >= 0) sinks.splice(i, 1);
  };
}

export function isSecret(value: string): boolean {
  settle();
  return secrets.has(value);
}

/**
 * Replaces every known secret (longest first, so a derived form is not half-replaced). A text
 * holding a word-like secret is withheld whole instead: nothing tells tokenrelay's fixed words
 * from a value it printed, so no single word may turn into `***`.
 */
export function scrub(text: string): string {
  if (!text) return text;
  settle();
  if (secrets.size === 0) return text;
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (!out.includes(s)) continue;
    if (wordLike.has(s)) return WITHHELD;
    out = out.split(s).join('***');
  }
  return out;
}

/** For tests only: forget everything registered. */
export function resetSecretsForTest(): void {
  secrets.clear();
  wordLike.clear();
  sinks.length = 0;
  pending.length = 0;
}
