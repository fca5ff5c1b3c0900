import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authError, isTokenRelayError, protocolError, unavailableError } from '../core/errors.ts';
import { type Page, pages, sendPage } from './callback-page.ts';
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
  const end = (outcome: Outcome<T>) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if ('value' in outcome) settle!.resolve(outcome.value);
    else settle!.reject(outcome.error);
  };

  const server = createServer((req, res) => {
    const { page, outcome } = done ? { page: pages.notFound(), outcome: undefined } : handle(req, port, opts);
    sendPage(res, page);
    if (!outcome) return;
    end(outcome);
    // One-shot: closed once the final page is on its way, not before (it would be cut off).
    res.once('finish', () => void close());
  });
  port = await bind(server, opts.ports ?? []);
  timer = setTimeout(() => {
    end({ error: timeoutError(opts.timeoutMs, opts.alternatives) });
    void close();
  }, opts.timeoutMs);

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
      end({ error: authError('The login was cancelled.') });
      return close();
    },
  };
}

type Outcome<T> = { value: T } | { error: unknown };

function handle<T>(
  req: IncomingMessage,
  port: number,
  opts: ListenOptions<T>,
): { page: Page; outcome?: Outcome<T> } {
  if (req.headers.host !== `${HOST}:${port}`) {
    opts.notice?.('Ignored a request to the login listener that did not name 127.0.0.1 as its host.');
    return { page: pages.badHost() };
  }
  const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
  if (url.pathname !== CALLBACK_PATH) return { page: pages.notFound() };
  if (req.method !== 'GET') return { page: pages.badMethod() };

  const params = url.searchParams;
  const malformed = malformedResponse(params);
  if (malformed) {
    const error = protocolError(
      malformed,
      'Run the login again; if it repeats, report it to the server operator.',
    );
    return { page: pages.failed(error.message), outcome: { error } };
  }
  if (params.get('state') !== opts.expectedState) {
    opts.notice?.(
      `Ignored a callback with ${params.has('state') ? 'a wrong' : 'no'} state; still waiting for the sign-in.`,
    );
    return { page: pages.wrongState() };
  }
  try {
    return { page: pages.success(), outcome: { value: opts.accept(params) } };
  } catch (error) {
    const message = isTokenRelayError(error) ? error.message : 'The sign-in response could not be used.';
    return { page: pages.failed(message), outcome: { error } };
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
