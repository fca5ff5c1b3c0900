/**
 * A token the server issued in a response tokenrelay then refused (an `expires_in` of -5 or
 * "abc", no token_type…): the failure is right, but the token is live on the server all the
 * same. The error that reports the refusal carries it, so the use case can revoke it like any
 * token minted and then failed (app/revoke-minted.ts). Kept beside the error, not in it: the
 * error's message, printed and logged, must never hold the token.
 */
export interface IssuedThenRefused {
  accessToken: string;
  /** Set by the source that asked for it: how to revoke it. */
  method?: 'client-credentials' | 'oidc';
  revocationEndpoint?: string;
}

const issued = new WeakMap<object, IssuedThenRefused>();

/** Records (or completes) what `error` leaves live on the server; returns the error. */
export function noteIssued<E>(error: E, info: Partial<IssuedThenRefused>): E {
  if (typeof error !== 'object' || error === null) return error;
  const known = issued.get(error);
  const merged = { ...known, ...info };
  if (merged.accessToken) issued.set(error, merged as IssuedThenRefused);
  return error;
}

export function issuedThenRefused(error: unknown): IssuedThenRefused | undefined {
  return typeof error === 'object' && error !== null ? issued.get(error) : undefined;
}
