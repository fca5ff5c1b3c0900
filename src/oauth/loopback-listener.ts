import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authError, isTokenRelayError, protocolError, unavailableError } from '../core/errors.ts';
import { pages, sendPage } from './callback-page.ts';
import { describePorts } from './port-list.ts';

export const CALLBACK_PATH = '/callback';
const HOST = '127.0.0.1';
/** Parameters a valid authorization response carries at most once (RFC 6749 §3.1). */
const SINGLE = ['code', 'state', 'iss', 'error', 'error_description'];

export interface ListenOptions<T> {
  /** Tried in order; empty or absent: a random free port (RFC 8252 §7.3). */
  ports?: readonly number[];
  expectedState: string;
  /**
   * Protocol checks of the callback (issuer, error responses). What it returns ends the
   * flow; what it throws ends it too, and its message is shown on the page, escaped.
   */
  accept: (params: URLSearchParams) => T;
  timeoutMs: number;
  /** What the timeout message suggests instead, e.g. "--no-browser or --device". */
  alternatives: string;
  /** A request that was answered but did not end the flow (wrong state, favicon, bad host). */
  notice?: (line: string) => void;
}

export interface CallbackListener<T> {
  port: number;
  redirectUri: string;
  /** Settles once: the accepted callback, its error, or the timeout. */
  result: Promise<T>;
  close(): Promise<void>;
}

/**
 * A one-shot HTTP listener for the authorization response (RFC 8252 §7.3), bound to
 * 127.0.0.1 only. Anything that is not the awaited response — another path, another Host
 * (a DNS-rebinding page), a response for another state — is answered and ignored, so a
 * stray request cannot end or hijack the login; only the timeout ends a flow that never
 * gets its answer.
 */
export async function listenForCallback<T>(opts: ListenOptions<T>): Promise<CallbackListener<T>> {
  let settle: { resolve: (v: T) => void; reject: (e: unknown) => void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => {}); // the caller awaits it later; an early timeout must not be "unhandled"
  let done = false;
  let port = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closing: Promise<void> | undefined;
  const finish = (outcome: () => void) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    outcome();
    void close();
  };

  const server = createServer((req, res) => {
    if (done) return sendPage(res, pages.notFound());
    handle(req, res, port, opts, finish, settle!);
  });
  port = await bind(server, opts.ports ?? []);
  timer = setTimeout(
    () => finish(() => settle!.reject(timeoutError(opts.timeoutMs, opts.alternatives))),
    opts.timeoutMs,
  );

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    port,
    redirectUri: `http://${HOST}:${port}${CALLBACK_PATH}`,
    result,
    close: () => {
      finish(() => settle!.reject(authError('The login was cancelled.')));
      return close();
    },
  };
}

function handle<T>(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  opts: ListenOptions<T>,
  finish: (outcome: () => void) => void,
  settle: { resolve: (v: T) => void; reject: (e: unknown) => void },
): void {
  if (req.headers.host !== `${HOST}:${port}`) {
    opts.notice?.('Ignored a request to the login listener that did not name 127.0.0.1 as its host.');
    return sendPage(res, pages.badHost());
  }
  const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
  if (url.pathname !== CALLBACK_PATH) return sendPage(res, pages.notFound());
  if (req.method !== 'GET') return sendPage(res, pages.badMethod());

  const params = url.searchParams;
  const malformed = malformedResponse(params);
  if (malformed) {
    const error = protocolError(
      malformed,
      'Run the login again; if it repeats, report it to the server operator.',
    );
    sendPage(res, pages.failed(error.message));
    return finish(() => settle.reject(error));
  }
  if (params.get('state') !== opts.expectedState) {
    opts.notice?.(
      `Ignored a callback with ${params.has('state') ? 'a wrong' : 'no'} state; still waiting for the sign-in.`,
    );
    return sendPage(res, pages.wrongState());
  }
  try {
    const value = opts.accept(params);
    sendPage(res, pages.success());
    finish(() => settle.resolve(value));
  } catch (e) {
    const message = isTokenRelayError(e) ? e.message : 'The sign-in response could not be used.';
    sendPage(res, pages.failed(message));
    finish(() => settle.reject(e));
  }
}

/** Checked before the state: a response that breaks these rules is not trusted to carry one. */
export function malformedResponse(params: URLSearchParams): string | undefined {
  for (const name of SINGLE) {
    if (params.getAll(name).length > 1) {
      return `The sign-in response repeats the "${name}" parameter, so it cannot be trusted.`;
    }
  }
  if (params.has('access_token') || params.has('id_token')) {
    // An implicit-flow answer on the loopback: a token in a URL has been in browser history.
    return 'The sign-in response carries a token in the redirect URL (implicit flow), which tokenrelay never asks for.';
  }
  return undefined;
}

function timeoutError(ms: number, alternatives: string) {
  const seconds = Math.round(ms / 1000);
  const span =
    seconds % 60 === 0 && seconds >= 60
      ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}`
      : `${seconds} seconds`;
  return authError(
    `No sign-in response reached tokenrelay within ${span}.`,
    `Run 'tokenrelay auth login' again; if the browser cannot reach this machine, try ${alternatives}. --login-timeout sets the wait.`,
  );
}

async function bind(server: Server, ports: readonly number[]): Promise<number> {
  if (ports.length === 0) return listen(server, 0);
  for (const port of ports) {
    try {
      return await listen(server, port);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
    }
  }
  throw unavailableError(
    `None of the login callback ports is free on ${HOST}: ${describePorts(ports)}.`,
    'Stop what is using them, or pass another --port list that the server accepts as redirect URIs.',
  );
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
