/** Below this length even 8 characters would be a quarter of the token: only the length is shown. */
const SHOWN_FROM = 32;

/**
 * Display form of a token (status, validate, exchange): its first 4 and last 4 characters,
 * `eyJh…abcd` — never more than a quarter of it; a token under 32 characters shows nothing
 * but its length, `(16 characters)`.
 */
export function redactToken(token: string): string {
  if (token.length < SHOWN_FROM) return `(${token.length} characters)`;
  return `${token.slice(0, 4)}…${token.slice(-4)}`;
}
