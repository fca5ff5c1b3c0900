/**
 * The one definition of the forms a secret takes on its way out of the process: raw, URL and
 * form encoding, JSON escaping, hex, and base64/base64url at each of the three alignments it
 * can have inside a longer encoded text (a Basic header, a JWT segment). The scrubber, the
 * runner's masks and the test suite's leak scanner all use it, so what the scanner looks for
 * is exactly what the scrubber removes and the runner masks.
 *
 * Mainstream encoders disagree about the characters of the base64 alphabet (`+`, `/`, `=`):
 * Python's quote keeps `/`, Go's PathEscape keeps `+` and `=`, .NET's System.Text.Json writes
 * `+` as `\u002B`, Gson `=` as `\u003d`. Each of those spellings is a form of its own — but
 * only for a secret that holds such a character (a form equal to one already listed costs
 * nothing), and only the encodings a secret goes through on its way into a Basic header or a
 * JWT get base64 forms as well: every form is a mask line in the runner's log.
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

/** Percent-encodes every UTF-8 byte but ASCII letters, digits and the `safe` characters, upper-case. */
function percentEncode(text: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    const kept = byte < 0x80 && (/[A-Za-z0-9]/.test(c) || safe.includes(c));
    out += kept ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** JSON string content with the `escaped` characters written as \uXXXX (lower- or upper-case hex). */
function jsonWith(text: string, escaped: RegExp, upper: boolean): string {
  const hex = (c: string) => {
    const h = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${upper ? h.toUpperCase() : h}`;
  };
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\"|[^\\]/g, (c) => (escaped.test(c === '\\"' ? '"' : c) ? hex(c === '\\"' ? '"' : c) : c));
}

/** How other languages' libraries spell a secret in URLs and JSON; no base64 forms (see above). */
function otherSpellings(secret: string): [string, string][] {
  return [
    ['url-encoded (slashes kept)', percentEncode(secret, '_.-~/')], // Python urllib.parse.quote
    ['url-encoded (path segment)', percentEncode(secret, '-_.~$&+:=@')], // Go url.PathEscape
    ['url-encoded (RFC 3986)', percentEncode(secret, '-_.~')], // .NET Uri.EscapeDataString, PHP rawurlencode
    ['json-escaped (.NET)', jsonWith(secret, /[+<>&'`"]|[^\x00-\x7f]/, true)], // System.Text.Json
    ['json-escaped (HTML-safe)', jsonWith(secret, /[<>&='"]/, false)], // Gson
    ['json-escaped (ASCII only)', jsonWith(secret, /[^\x00-\x7f]/, false)], // Python json.dumps
  ];
}

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
  if (/[^A-Za-z0-9]/.test(secret)) for (const [form, text] of otherSpellings(secret)) add(form, text);
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  add('hex', hex);
  add('HEX', hex.toUpperCase());
  // The texts that travel base64-encoded, and in which alphabets: a Basic header is base64 of
  // the form-encoded client id and secret (oauth4webapi escapes -_.!~*'() as well, RFC 6749
  // 2.3.1); a JWT segment is base64url of JSON. Each distinct text once, the first name kept.
  const strict = percentEncode(secret, ' ').replace(/ /g, '+');
  const wrapped: [string, string, boolean][] = [
    ...textual.map(([form, text]): [string, string, boolean] => [
      form,
      text,
      form === 'raw' || form === 'json-escaped',
    ]),
    ['form-encoded (strict)', strict, false],
  ];
  const distinct = wrapped.filter(([, text], i) => wrapped.findIndex(([, t]) => t === text) === i);
  const aligned = distinct.map(([form, text, url]) => {
    const textBytes = text === secret ? bytes : Buffer.from(text, 'utf8');
    return [
      form,
      url,
      ([0, 1, 2] as const).map((offset) => stableBase64(textBytes, offset, 'base64')),
    ] as const;
  });
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const [form, url, fragments] of aligned) {
      if (alphabet === 'base64url' && !url) continue;
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
