// Its own file: the Action's input reader (in the post step too) and the stored sources need
// the words, not the chain.

/** `method` of the Action (and what `exchange` picks): which part of the chain may answer. */
export const METHODS = ['auto', 'client-credentials', 'token', 'oidc'] as const;
export type Method = (typeof METHODS)[number];

/** A use of the chain: a method, or `status` (what `auth status --offline` asks: nothing is minted or refreshed). */
export type ChainUse = Method | 'status';
