import type { Token } from '../core/token.ts';
import { type GrantCommon, grantRequest } from './grant-request.ts';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

export interface TokenExchangeOptions extends GrantCommon {
  /** Asked for before every attempt (a fresh CI token after a long retry). */
  subjectToken: () => Promise<string>;
  /** Default `…:id_token`: what a CI job's OIDC token is. */
  subjectTokenType?: string;
  requestedTokenType?: string;
}

/**
 * RFC 8693 token exchange. The answer's `issued_token_type` is kept (it says what came
 * back, which need not be what was asked for), and `token_type: N_A` — the RFC's word for
 * "not an access token" — is accepted by readTokenResponse.
 */
export function tokenExchange(opts: TokenExchangeOptions): Promise<Token> {
  return grantRequest(
    TOKEN_EXCHANGE_GRANT,
    async () => ({
      subject_token: await opts.subjectToken(),
      subject_token_type: opts.subjectTokenType ?? ID_TOKEN_TYPE,
      ...(opts.requestedTokenType ? { requested_token_type: opts.requestedTokenType } : {}),
    }),
    opts,
  );
}
