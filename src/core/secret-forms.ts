/**
 * The one definition of the forms a secret takes on its way out of the process: raw, URL and
 * form encoding, JSON escaping, hex, and base64/base64url at each of the three alignments it
 * can have inside a longer encoded text (a Basic header, a JWT segment). The scrubber, the
 * runner's masks and the test suite's leak scanner all use it, so what the scanner looks for
 * is exactly what the scrubber removes and the runner masks.
 */

/** Shorter derived forms would match ordinary text (and mask half a log). */
export const MIN_FORM_LENGTH = 6;

export interface SecretForm {
  /** How it was encoded, e.g. `raw`, `form-encoded`, `base64(url-encoded, offset 1)`. */
  form: string;
  pattern: string;
}

/**
 * The base64 characters that depend only on the secret when it starts `offset` bytes into a
 * 3-byte group: the leading characters share bits with whatever precedes it and the
 * trailing ones with whatever follows, so both are cut off. Any text containing the secret
 * at that alignment, base64-encoded, contains this string.
 */
export function stableBase64(bytes: Uint8Array, offset: 0 | 1 | 2, alphabet: 'base64' | 'base64url'): string {
  const padded = Buffer.alloc(offset + bytes.length);
  padded.set(bytes, offset);
  const encoded = padded.toString(alphabet);
  const start = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}

const lowerPercent = (s: string) =>
  s.includes('%') ? s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) : s;
/** base64 -> base64url; the stable fragments carry no padding, so the alphabet is all. */
const toBase64url = (s: string) => s.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_'));

/** A token is masked by the registry and again on export: its forms are computed once. */
const memo = new Map<string, SecretForm[]>();
const MEMO_SIZE = 64;

/**
 * Every form of one secret, the raw value first; the first (simplest) name is kept when two
 * coincide, and derived forms shorter than MIN_FORM_LENGTH are left out. Encodings that
 * leave the secret unchanged (a JWT or hex token has nothing to escape) are encoded no further.
 */
export function secretForms(secret: string): SecretForm[] {
  const known = memo.get(secret);
  if (known) return [...known]; // a copy: callers may add to what they get
  const json = JSON.stringify(secret).slice(1, -1);
  const textual: [string, string][] = [
    ['raw', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['json-escaped', json],
  ];
  const forms = new Map<string, string>([[secret, 'raw']]);
  const add = (form: string, pattern: string) => {
    if (pattern.length >= MIN_FORM_LENGTH && !forms.has(pattern)) forms.set(pattern, form);
  };

  for (const [form, text] of textual) add(form, text);
  for (const [form, text] of textual) add(`${form} (lower-case escapes)`, lowerPercent(text));
  add('json-escaped (escaped slashes)', json.includes('/') ? json.replace(/\//g, '\\/') : json);
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  add('hex', hex);
  add('HEX', hex.toUpperCase());
  // Each distinct text once, in the order (and so with the names) the loop below would give.
  const distinct = textual.filter(([, text], i) => textual.findIndex(([, t]) => t === text) === i);
  const aligned = distinct.map(([form, text]) => {
    const textBytes = text === secret ? bytes : Buffer.from(text, 'utf8');
    return [form, ([0, 1, 2] as const).map((offset) => stableBase64(textBytes, offset, 'base64'))] as const;
  });
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const [form, fragments] of aligned) {
      fragments.forEach((fragment, offset) => {
        const inner = form === 'raw' ? '' : `${form}, `;
        add(
          `${alphabet}(${inner}offset ${offset})`,
          alphabet === 'base64' ? fragment : toBase64url(fragment),
        );
      });
    }
  }
  // Whole (after the aligned fragments, whose names win when equal), as the secret alone encodes (a masked whole value leaves no padding behind).
  add('base64', bytes.toString('base64'));
  add('base64url', bytes.toString('base64url'));
  const result = [...forms].map(([pattern, form]) => ({ form, pattern }));
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(secret, result);
  return [...result];
}

/** The patterns alone: what the scrubber replaces and the runner masks. */
export function derivedForms(secret: string): string[] {
  return secretForms(secret).map((f) => f.pattern);
}
