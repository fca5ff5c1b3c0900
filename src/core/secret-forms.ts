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
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
  const start = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}

const lowerPercent = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

/**
 * Every form of one secret, the raw value first; the first (simplest) name is kept when two
 * coincide, and derived forms shorter than MIN_FORM_LENGTH are left out.
 */
export function secretForms(secret: string): SecretForm[] {
  const textual: [string, string][] = [
    ['raw', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['json-escaped', JSON.stringify(secret).slice(1, -1)],
  ];
  const forms = new Map<string, string>([[secret, 'raw']]);
  const add = (form: string, pattern: string) => {
    if (pattern.length >= MIN_FORM_LENGTH && !forms.has(pattern)) forms.set(pattern, form);
  };

  for (const [form, text] of textual) add(form, text);
  for (const [form, text] of textual) add(`${form} (lower-case escapes)`, lowerPercent(text));
  add('json-escaped (escaped slashes)', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'));
  const bytes = Buffer.from(secret, 'utf8');
  add('hex', bytes.toString('hex'));
  add('HEX', bytes.toString('hex').toUpperCase());
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const [form, text] of textual) {
      for (const offset of [0, 1, 2] as const) {
        const inner = form === 'raw' ? '' : `${form}, `;
        add(
          `${alphabet}(${inner}offset ${offset})`,
          stableBase64(Buffer.from(text, 'utf8'), offset, alphabet),
        );
      }
    }
  }
  // Whole (after the aligned fragments, whose names win when equal), as the secret alone encodes (a masked whole value leaves no padding behind).
  add('base64', bytes.toString('base64'));
  add('base64url', bytes.toString('base64url'));
  return [...forms].map(([pattern, form]) => ({ form, pattern }));
}

/** The patterns alone: what the scrubber replaces and the runner masks. */
export function derivedForms(secret: string): string[] {
  return secretForms(secret).map((f) => f.pattern);
}
