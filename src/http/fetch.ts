import http from 'node:http';
import { protocolError } from '../core/errors.ts';
import { scrub } from '../core/secrets.ts';
import { ConnectionError, describeSocketError } from './connection-error.ts';
import { type ProxyRoute, proxyRouteFor } from './proxy.ts';
import { type EncodedRequest, encodeRequest } from './request-body.ts';
import { toAnswer, toResponse } from './to-response.ts';
import type { FetchLike, HttpAnswer, RequestPolicy, SendLike, TransportOptions } from './types.ts';
import { assertSendableUrl } from './url-policy.ts';
import { capitalise, formatBytes, formatSeconds } from './wording.ts';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * One attempt on node:http/node:https rather than global fetch: we need a deadline that
 * covers the body, a size cap that drops the socket the moment it is passed, redirects never
 * followed, and the runner's proxy variables honoured. TLS options are left alone so
 * NODE_EXTRA_CA_CERTS (read by Node itself) keeps working. The answer is a plain HttpAnswer;
 * `createFetch` is the same attempt wrapped in a WHATWG Response, for oauth4webapi.
 */
export function createSend(opts: TransportOptions, policy: RequestPolicy): SendLike {
  return async (url, init) => {
    // Synchronous with respect to the network: a refused URL never reaches a socket.
    const target = assertSendableUrl(url, policy.what);
    const request = encodeRequest(init);
    const route = await proxyRouteFor(target, opts.env);
    // node:https (and TLS with it) costs ~10 ms to load: only when the target needs it.
    const send = target.protocol === 'https:' ? (await import('node:https')).request : http.request;
    return attempt({ target, request, route, send, signal: init?.signal, opts, what: policy.what });
  };
}

/** The same attempt, fetch-shaped: what oauth4webapi's customFetch receives. */
export function createFetch(opts: TransportOptions, policy: RequestPolicy): FetchLike {
  const send = createSend(opts, policy);
  return async (url, init) => toResponse(await send(url, init), init?.method ?? 'GET');
}

interface Attempt {
  target: URL;
  request: EncodedRequest;
  route: ProxyRoute | undefined;
  send: typeof http.request;
  signal: AbortSignal | undefined;
  opts: TransportOptions;
  what: string;
}

function attempt(a: Attempt): Promise<HttpAnswer> {
  const { target, request, route, send, signal, opts, what } = a;
  const ctx = { target: target.host, what, proxy: route?.proxyHost };
  const where = `${what} (${target.host})`;
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const deadline = deadlineFor(opts, where);
  if (signal?.aborted) return Promise.reject(cancelled(where, signal));
  if (deadline.ms <= 0) {
    return Promise.reject(
      new ConnectionError(
        `The command's time budget ran out before the request to ${where} could start.`,
        'Allow the command more time.',
        false,
      ),
    );
  }

  return new Promise<HttpAnswer>((resolve, reject) => {
    const started = Date.now();
    let settled = false;
    let headersSeen = false;

    const settle = (err: Error | undefined, response?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
        return;
      }
      opts.debug?.(
        scrub(
          `${request.method} ${target.host}${target.pathname} -> ${response!.status} in ${Date.now() - started} ms`,
        ),
      );
      resolve(response!);
    };
    const onAbort = () => settle(cancelled(where, signal!));

    // agent:false for direct requests: one attempt, one fresh connection. A pooled keep-alive
    // socket the server has just closed would fail a request that must not be sent twice.
    const req = send(target, {
      method: request.method,
      headers: request.headers,
      agent: route?.agent ?? false,
    });
    const timer = setTimeout(() => settle(deadline.error(headersSeen)), deadline.ms);
    signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (err) => settle(describeSocketError(err, ctx)));
    req.on('response', (res) => {
      headersSeen = true;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        settle(tooLarge(where, maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          settle(tooLarge(where, maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err) => settle(describeSocketError(err, ctx)));
      res.on('close', () => {
        if (!res.complete) {
          settle(
            new ConnectionError(`${capitalise(where)} closed the connection mid-answer.`, undefined, true),
          );
        }
      });
      res.on('end', () => {
        try {
          settle(undefined, toAnswer(res, Buffer.concat(chunks), target, capitalise(what)));
        } catch (err) {
          settle(err as Error);
        }
      });
    });
    req.end(request.body);
  });
}

/** The per-request deadline, shortened to the command's budget when that comes first. */
function deadlineFor(opts: TransportOptions, where: string) {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const budgetLeft = opts.budgetDeadline === undefined ? Infinity : opts.budgetDeadline - Date.now();
  const byBudget = budgetLeft < timeoutMs;
  const ms = Math.max(0, Math.min(timeoutMs, budgetLeft));
  const error = (headersSeen: boolean) => {
    const doing = headersSeen ? 'did not finish its answer' : 'did not answer';
    if (byBudget) {
      return new ConnectionError(
        `${capitalise(where)} ${doing} before the command's time budget ran out.`,
        'Try again later, or allow the command more time.',
        false,
      );
    }
    return new ConnectionError(
      `${capitalise(where)} ${doing} within ${formatSeconds(ms)} s.`,
      'It may be down or overloaded; try again later.',
      true,
    );
  };
  return { ms, error };
}

/**
 * Over-size is a protocol error (exit 3), not "unavailable": the server answered, with
 * something no token or profile endpoint sends, and asking again would get the same.
 */
function tooLarge(where: string, maxBytes: number) {
  return protocolError(
    `${capitalise(where)} sent a response larger than ${formatBytes(maxBytes)}; tokenrelay stopped reading it.`,
    'Check that the URL points at the endpoint itself and not at a page or a download.',
  );
}

function cancelled(where: string, signal: AbortSignal) {
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  const message = timedOut
    ? `${capitalise(where)} did not answer in time (the caller's time limit).`
    : `The request to ${where} was cancelled.`;
  return new ConnectionError(message, undefined, false, signal.reason);
}
