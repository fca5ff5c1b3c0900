import * as oauth from 'oauth4webapi';
import type { Token } from '../core/token.ts';
import type { OAuthErrorContext } from './oauth-errors.ts';
import { readTokenResponse } from './token-response.ts';

/** What a login (or a refresh) returns: the tokens, and who the ID token says logged in. */
export interface LoginTokens {
  token: Token;
  idClaims?: oauth.IDToken;
}

type Processor = (
  res: Response,
  options: oauth.ProcessTokenResponseOptions,
) => Promise<oauth.TokenEndpointResponse>;

/** Reads a token response of a user grant and keeps the ID token's validated claims. */
export async function readLoginTokens(
  res: Response,
  process: Processor,
  ctx: OAuthErrorContext,
): Promise<LoginTokens> {
  let body: oauth.TokenEndpointResponse | undefined;
  const token = await readTokenResponse(
    res,
    async (r, o) => {
      body = await process(r, o);
      return body;
    },
    ctx,
  );
  const idClaims = body ? oauth.getValidatedIdTokenClaims(body) : undefined;
  return idClaims ? { token, idClaims } : { token };
}
