/**
 * Records what reached the test provider, so a test can assert on the wire and not only on
 * the outcome: how often discovery was fetched, whether a client assertion's jti was
 * fresh, whether a Basic header was form-encoded, which tokens were revoked.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Middleware } from 'koa';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/token`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed form body as oidc-provider saw it; undefined when it never parsed one. */
  form: Record<string, string | string[] | undefined> | undefined;
  status: number;
}

export interface ProviderRecorder {
  requests: RecordedRequest[];
  /** Every `token` value posted to the revocation endpoint, whatever the outcome. */
  revoked: string[];
  middleware: Middleware;
}

export function createRecorder(paths: { revocation: string }): ProviderRecorder {
  const requests: RecordedRequest[] = [];
  const revoked: string[] = [];

  const middleware: Middleware = async (ctx, next) => {
    try {
      await next();
    } finally {
      // ctx.oidc exists only on provider routes, and its body only once parsed.
      const oidc = (ctx as { oidc?: { body?: RecordedRequest['form'] } }).oidc;
      const form = oidc?.body ? { ...oidc.body } : undefined;
      requests.push({
        method: ctx.method,
        path: ctx.path,
        headers: { ...ctx.headers },
        form,
        status: ctx.status,
      });
      const token = form?.token;
      if (ctx.path === paths.revocation && typeof token === 'string') revoked.push(token);
    }
  };

  return { requests, revoked, middleware };
}
