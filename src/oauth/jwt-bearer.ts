import type { Token } from '../core/token.ts';
import { type GrantCommon, grantRequest } from './grant-request.ts';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface JwtBearerOptions extends GrantCommon {
  /** Asked for before every attempt (a fresh CI token after a long retry). */
  assertion: () => Promise<string>;
}

/** RFC 7523 §2.1: the CI token itself is the authorization grant. */
export function jwtBearer(opts: JwtBearerOptions): Promise<Token> {
  return grantRequest(JWT_BEARER_GRANT, async () => ({ assertion: await opts.assertion() }), opts);
}
