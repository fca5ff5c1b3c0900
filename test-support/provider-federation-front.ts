/**
 * The federated credential of FEDERATED_CLIENT (client-assertion mode), in front of
 * oidc-provider: see provider-federation.ts for why it exists.
 */
import type { IncomingMessage } from 'node:http';
import type { JWTPayload } from 'jose';
import type { Middleware } from 'koa';
import { FEDERATED_CLIENT, type FederationOptions, type FederationSeen } from './provider-federation.ts';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface FrontInput {
  verify: (token: string) => Promise<JWTPayload>;
  seen: FederationSeen[];
  frontSecret: string;
  options: FederationOptions & { audience: string };
}

/**
 * The federated credential of FEDERATED_CLIENT: a CI token presented as its client
 * assertion is checked against the trust policy (JWKS, iss, aud, exp, sub), then replaced
 * by the client's real authentication for oidc-provider. oidc-provider reads a body an
 * earlier middleware has parsed from `req.body` (documented fallback), which is how the
 * rewritten form reaches it.
 */
export function assertionFront(paths: { token: string; revocation: string }, input: FrontInput): Middleware {
  return async (ctx, next) => {
    const watched = ctx.path === paths.token || ctx.path === paths.revocation;
    if (ctx.method !== 'POST' || !watched || !ctx.is('application/x-www-form-urlencoded')) return next();
    const form = new URLSearchParams(await readBody(ctx.req));
    const assertion = form.get('client_assertion');
    const fromCi =
      assertion &&
      form.get('client_assertion_type') === ASSERTION_TYPE &&
      issuerOf(assertion) === input.options.ciIssuer.issuer;
    if (fromCi) {
      const record: FederationSeen = { kind: 'client-assertion', params: Object.fromEntries(form) };
      input.seen.push(record);
      const refuse = (reason: string) => {
        record.refused = reason;
        ctx.status = 401;
        ctx.body = { error: 'invalid_client', error_description: `client_assertion refused: ${reason}` };
      };
      if (form.get('client_id') !== FEDERATED_CLIENT)
        return refuse('no federated credential for this client_id');
      try {
        record.claims = await input.verify(assertion);
      } catch (e) {
        return refuse((e as Error).message);
      }
      const trusted = input.options.trustedSubject;
      if (trusted && record.claims.sub !== trusted)
        return refuse(`sub ${String(record.claims.sub)} is not trusted`);
      form.delete('client_assertion');
      form.delete('client_assertion_type');
      form.set('client_secret', input.frontSecret);
    }
    (ctx.req as IncomingMessage & { body?: string }).body = form.toString();
    return next();
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function issuerOf(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload?.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}
