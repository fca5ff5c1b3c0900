/** Display form of a token: `eyJhbGci…abcd`; short tokens show only their last 4. */
export function redactToken(token: string): string {
  if (token.length < 16) return `…${token.slice(-4)}`;
  return `${token.slice(0, 8)}…${token.slice(-4)}`;
}
