import type { IncomingMessage } from 'node:http';
import { protocolError } from '../core/errors.ts';
import type { AnswerHeaders, HttpAnswer } from './types.ts';

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A fully buffered answer. `url` is set without the query: it exists so a redirect's
 * relative Location can be resolved, and whatever prints it later must not print a code or
 * key that travelled in the query.
 */
export function toAnswer(res: IncomingMessage, body: Buffer, target: URL, what: string): HttpAnswer {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    throw protocolError(`${what} (${target.host}) answered with an invalid HTTP status ${status}.`);
  }
  const received = res.headers;
  const raw = res.rawHeaders;
  const headers: AnswerHeaders = {
    get(name) {
      const value = received[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    raw: () => raw,
  };
  return {
    status,
    statusText: res.statusMessage ?? '',
    headers,
    body,
    url: `${target.origin}${target.pathname}`,
  };
}

/**
 * A real WHATWG Response from an answer, so oauth4webapi (which checks `instanceof
 * Response` and reads bodies itself) can consume it. Building one loads Node's fetch
 * machinery: only the paths that hand answers to oauth4webapi pay for it.
 */
export function toResponse(answer: HttpAnswer, method: string): Response {
  const headers = new Headers();
  const raw = answer.headers.raw();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header WHATWG Headers rejects cannot matter to an OAuth client; drop it, keep the rest.
    }
  }
  const { status } = answer;
  const nullBody = NULL_BODY_STATUSES.has(status) || method.toUpperCase() === 'HEAD';
  const body = nullBody ? null : new Uint8Array(answer.body);
  const init = { status, statusText: answer.statusText, headers };
  let response: Response;
  try {
    response = new Response(body, init);
  } catch {
    response = new Response(body, { ...init, statusText: '' });
  }
  Object.defineProperty(response, 'url', { value: answer.url });
  return response;
}
