import { TokenRelayError } from '../core/errors.ts';
import { scrub } from '../core/secrets.ts';
import { capitalise } from './wording.ts';

/**
 * An attempt that failed before a complete answer arrived (refused, reset, DNS, TLS,
 * deadline). Always exit 5; `retryable` tells `withRetries` whether another attempt could
 * go differently — a refused connection might, a certificate the system does not trust will
 * not, so retrying it only delays the message the user needs.
 */
export class ConnectionError extends TokenRelayError {
  readonly retryable: boolean;

  constructor(message: string, hint: string | undefined, retryable: boolean, cause?: unknown) {
    super('unavailable', message, hint, { cause });
    this.name = 'ConnectionError';
    this.retryable = retryable;
  }
}

export function isConnectionError(e: unknown): e is ConnectionError {
  return e instanceof ConnectionError;
}

const TLS_HINT =
  'If a corporate proxy or private CA signs this certificate, point NODE_EXTRA_CA_CERTS at its PEM file.';

export interface SocketErrorContext {
  /** host[:port] of the endpoint; never the path or query. */
  target: string;
  what: string;
  /** host[:port] of the proxy when the request went through one. */
  proxy?: string | undefined;
}

/** Turns a socket-level error into words a CI log reader can act on. */
export function describeSocketError(err: NodeJS.ErrnoException, ctx: SocketErrorContext): ConnectionError {
  const code = err.code ?? '';
  const message = scrub(err.message ?? '');
  const where = `${ctx.what} (${ctx.target})${ctx.proxy ? ` through the proxy ${ctx.proxy}` : ''}`;
  // The tunnelling agent reports a refused CONNECT as ECONNRESET with the status in the text.
  const tunnel = /^tunneling socket could not be established, (.*)$/.exec(message);
  if (ctx.proxy && tunnel) {
    return new ConnectionError(
      `The proxy ${ctx.proxy} would not open a tunnel to ${ctx.what} (${ctx.target}): ${tunnel[1]}.`,
      'Check HTTPS_PROXY and NO_PROXY, and whether the proxy allows this host.',
      true,
      err,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new ConnectionError(`Could not connect to ${where}: connection refused.`, undefined, true, err);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectionError(
      `Could not resolve the host of ${where} (${code}).`,
      'Check the URL and the network or DNS settings of this machine.',
      code === 'EAI_AGAIN',
      err,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
    return new ConnectionError(`${capitalise(where)} closed the connection (${code}).`, undefined, true, err);
  }
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return new ConnectionError(`Could not reach ${where} (${code}).`, undefined, true, err);
  }
  if (isTlsError(code, message)) {
    return new ConnectionError(
      `The TLS connection to ${where} failed: ${code || message}.`,
      TLS_HINT,
      false,
      err,
    );
  }
  const detail = code || message;
  return new ConnectionError(`The request to ${where} failed: ${detail}.`, undefined, true, err);
}

function isTlsError(code: string, message: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    /certificate|ssl|tls/i.test(message)
  );
}
