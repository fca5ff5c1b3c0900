import * as oauth from 'oauth4webapi';
import { registerSecret } from '../core/secrets.ts';

/** What one login attempt binds its authorization request to. */
export interface PkceAttempt {
  /** Never leaves the process except in the code exchange, and is masked from the start. */
  verifier: string;
  challenge: string;
  method: 'S256';
  /**
   * Not registered as a secret on purpose: it travels in the authorization URL that the
   * paste-back flow prints, and masking it would garble that URL.
   */
  state: string;
}

/** A fresh verifier and state per attempt (RFC 7636 S256; RFC 6749 §10.12 CSRF). */
export async function newPkceAttempt(): Promise<PkceAttempt> {
  const verifier = registerSecret(oauth.generateRandomCodeVerifier());
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  return { verifier, challenge, method: 'S256', state: oauth.generateRandomState() };
}
