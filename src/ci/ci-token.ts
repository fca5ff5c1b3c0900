/**
 * The CI job's own OIDC token, wherever the CI keeps it. A source hands out a token that is
 * still good, minting a fresh one where the CI can (GitHub) and failing with a clear
 * message where it cannot (a GitLab variable is fixed for the job's lifetime).
 */
export type CiTokenOrigin = 'github' | 'gitlab' | 'file';

export interface CiTokenSource {
  origin: CiTokenOrigin;
  /** Where it came from, for messages and the source label: "GitHub Actions OIDC", "TOKENRELAY_ID_TOKEN". */
  label: string;
  /**
   * A token with some life left, registered as a secret. Called before every attempt of
   * the exchange, so a retry after a long Retry-After never sends an expired token.
   */
  current(): Promise<string>;
}

/** A token with less than this left is renewed (or refused) before it is sent. */
export const MIN_VALIDITY_SECONDS = 30;
