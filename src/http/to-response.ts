import type { IncomingMessage } from 'node:http';
import { protocolError } from '../core/errors.ts';

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A real WHATWG Response from a fully buffered answer, so oauth4webapi (which checks
 * `instanceof Response` and reads bodies itself) can consume it. `url` is set without the
 * query: it exists so a redirect's relative Location can be resolved, and whatever prints it
 * later must not print a code or key that travelled in the query.
 */
export function toResponse(res: IncomingMessage, body: Buffer, target: URL, method: string, what: string) {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    throw protocolError(`${what} (${target.host}) answered with an invalid HTTP status ${status}.`);
  }
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header WHATWG Headers rejects cannot matter to an OAuth client; drop it, keep the rest.
    }
  }
  const nullBody = NULL_BODY_STATUSES.has(status) || method === 'HEAD';
  const init = { status, statusText: res.statusMessage ?? '', headers };
  let response: Response;
  try {
    response = new Response(nullBody ? null : new Uint8Array(body), init);
  } catch {
    response = new Response(nullBody ? null : new Uint8Array(body), { ...init, statusText: '' });
  }
  Object.defineProperty(response, 'url', { value: `${target.origin}${target.pathname}` });
  return response;
}
