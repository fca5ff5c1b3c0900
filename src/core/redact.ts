/** Display form of a token: `eyJhbGci…abcd`; a token shorter than 16 shows only its last 4. */
export function redactToken(token: string): string {
  if (token.length < 16) return token.length > 8 ? `…${token.slice(-4)}` : '…';
  return `${token.slice(0, 8)}…${token.slice(-4)}`;
}
