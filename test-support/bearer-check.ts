/**
 * What the suite's tool servers (git over HTTP, the registry's token service, the kube API
 * endpoint) accept: an access token the suite's provider signed for the API resource, checked
 * against its JWKS as a resource server would — nothing else, and not after it expires. A test
 * can make a server refuse one token (as if revoked) to see the tool's helper drop it.
 */
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { API_RESOURCE } from './provider-clients.ts';

export interface TokenGate {
  /** The token a request presents (Basic password or Bearer), when it is one the provider issued. */
  accepts(token: string | undefined): Promise<boolean>;
  /** Every token presented, accepted or not, in order: what the tool sent. Memory only. */
  presented: string[];
  /** Tokens refused from now on, whatever their signature says. */
  refuse(token: string): void;
}

export function providerGate(issuer: string): TokenGate {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const refused = new Set<string>();
  const presented: string[] = [];
  return {
    presented,
    refuse: (token) => refused.add(token),
    async accepts(token) {
      if (!token) return false;
      presented.push(token);
      if (refused.has(token)) return false;
      try {
        await jwtVerify(token, jwks, { issuer, audience: API_RESOURCE, typ: 'at+jwt', clockTolerance: 0 });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The token in an Authorization header: Bearer, or the password of Basic. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
