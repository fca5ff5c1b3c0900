import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authError, isTokenRelayError, protocolError, unavailableError } from '../core/errors.ts';
import { describeDuration } from '../oauth/duration.ts';
import { type Page, pages, sendPage } from './callback-page.ts';
import { describePorts } from './port-list.ts';

export const CALLBACK_PATH = '/callback';
/** One-time browser entry points: `/start/<nonce>` redirects once to the authorization URL. */
const START_PREFIX = '/start/';
const HOST = '127.0.0.1';
/** Parameters a valid authorization response carries at most once (RFC 6749 §3.1). */
const SINGLE = ['code', 'state', 'iss', 'error', 'error_description'];

export interface ListenOptions<T> {
  /** Tried in order; empty or absent: a random free port (RFC 8252 §7.3). */
  ports?: readonly number[];
  expectedState: string;
  /**
   * Runs once, on the first callback with the right state: protocol checks (issuer, error
   * responses) and the code exchange. The browser's page waits for it, so it says "signed
   * in" only when that is true; what it throws is shown there, escaped, and ends the flow.
   */
  accept: (params: URLSearchParams) => T | Promise<T>;
  timeoutMs: number;
  /** What the timeout message suggests instead, e.g. "--no-browser or --device". */
  alternatives: string;
  /** A request that was answered but did not end the flow (wrong state, favicon, bad host). */
  notice?: (line: string) => void;
}

export interface CallbackListener<T> {
  port: number;
  redirectUri: string;
  /**
   * A one-time loopback URL that redirects (once) to `target`: what the browser is started
   * with, so the authorization URL — its state and code_challenge — never sits in a
   * process's argv, where any local user reads it from /proc. A second visit is 404 and
   * ends the login: someone may have raced the browser to it.
   */
  startUrl(target: string): string;
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

  let claimed = false;
  /** Start nonces: the target until first use, then `used`. */
  const starts = new Map<string, string | typeof USED>();
  const server = createServer((req, res) => {
    if (claimed) {
      sendPage(res, pages.notFound());
      return;
    }
    const start = startTarget(req, port, starts);
    if (start === USED) {
      // Opened twice: someone else may have read the link from the browser's argv and now
      // holds this login's state. End the login rather than let it finish for them.
      sendPage(res, pages.notFound());
      end({
        error: authError(
          'The one-time sign-in link was opened twice, so another local process may have intercepted the login; it was stopped.',
          "Run 'tokenrelay auth login' again; if it repeats, use --device or --no-browser.",
        ),
      });
      res.once('finish', () => void close());
      return;
    }
    if (start !== undefined) {
      if (start) redirect(res, start);
      else sendPage(res, pages.notFound());
      return;
    }
    const screened = screen(req, port, opts);
    if (!('accept' in screened) && !('error' in screened)) {
      sendPage(res, screened.page);
      return;
    }
    // From here on this request is the answer: later ones cannot start a second exchange.
    claimed = true;
    clearTimeout(timer);
    const last = (page: Page, outcome: Outcome<T>) => {
      sendPage(res, page);
      end(outcome);
      // One-shot: closed once the final page is on its way, not before (it would be cut off).
      res.once('finish', () => void close());
    };
    if ('error' in screened) {
      last(screened.page, { error: screened.error });
      return;
    }
    Promise.resolve()
      .then(screened.accept)
      .then(
        (value) => last(pages.success(), { value }),
        (error: unknown) =>
          last(
            pages.failed(isTokenRelayError(error) ? error.message : 'The sign-in could not be completed.'),
            {
              error,
            },
          ),
      );
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
    startUrl(target) {
      const nonce = randomBytes(32).toString('base64url');
      starts.set(nonce, target);
      return `http://${HOST}:${port}${START_PREFIX}${nonce}`;
    },
    result,
    close: () => {
      end({ error: authError('The login was cancelled.') });
      return close();
    },
  };
}

type Outcome<T> = { value: T } | { error: unknown };

const USED = Symbol('used');

/**
 * For a request to a start URL: its target the first time, USED after that, '' for an
 * unknown nonce or a foreign Host; undefined for any other request.
 */
function startTarget(
  req: IncomingMessage,
  port: number,
  starts: Map<string, string | typeof USED>,
): string | typeof USED | undefined {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (!path.startsWith(START_PREFIX)) return undefined;
  if (req.headers.host !== `${HOST}:${port}` || req.method !== 'GET') return '';
  const nonce = path.slice(START_PREFIX.length);
  const target = starts.get(nonce);
  if (target === undefined) return '';
  starts.set(nonce, USED);
  return target;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, {
    Location: location,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': '0',
    Connection: 'close',
  });
  res.end();
}
type Screened<T> = { page: Page } | { page: Page; error: unknown } | { accept: () => T | Promise<T> };

/** Decides what a request is before anything acts on it: noise to answer and ignore, a broken response, or the one to accept. */
function screen<T>(req: IncomingMessage, port: number, opts: ListenOptions<T>): Screened<T> {
  if (req.headers.host !== `${HOST}:${port}`) {
    opts.notice?.('Ignored a request to the login listener that did not name 127.0.0.1 as its host.');
    return { page: pages.badHost() };
  }
  const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
  if (url.pathname !== CALLBACK_PATH) return { page: pages.notFound() };
  if (req.method !== 'GET') return { page: pages.badMethod() };

  const params = url.searchParams;
  // State first: whatever else a request carries (a token, a repeated code, an error), only
  // the holder of this login's state can end it; anything else is answered and ignored.
  const states = params.getAll('state');
  if (states.length !== 1 || states[0] !== opts.expectedState) {
    opts.notice?.(
      `Ignored a callback with ${states.length === 0 ? 'no' : states.length > 1 ? 'a repeated' : 'a wrong'} state; still waiting for the sign-in.`,
    );
    return { page: pages.wrongState() };
  }
  const malformed = malformedResponse(params);
  if (malformed) {
    const error = protocolError(
      malformed,
      'Run the login again; if it repeats, report it to the server operator.',
    );
    return { page: pages.failed(error.message), error };
  }
  return { accept: () => opts.accept(params) };
}

/** Checked once the state matched: a response with this login's state that breaks these rules ends it. */
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
  return authError(
    `No sign-in response reached tokenrelay within ${describeDuration(ms)}.`,
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
