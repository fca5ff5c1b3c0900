import { VERSION } from '../core/version.ts';
import type { FetchLike } from './types.ts';

export type FetchInit = Parameters<FetchLike>[1];

export interface EncodedRequest {
  method: string;
  /** Lowercase names, as node:http sends them. */
  headers: Record<string, string>;
  body: Buffer | undefined;
}

const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/**
 * Turns fetch-style init into what node:http needs. oauth4webapi hands form posts over as
 * URLSearchParams and leaves the content type to fetch, which sets it from the body type;
 * we have to do the same or the token endpoint sees an untyped body.
 */
export function encodeRequest(init: FetchInit | undefined): EncodedRequest {
  const headers: Record<string, string> = {};
  const given = init?.headers;
  // Duck-typed: naming the global Headers would load Node's fetch machinery (see HttpAnswer).
  if (isHeaders(given)) {
    given.forEach((value, name) => {
      headers[name] = value;
    });
  } else if (given) {
    for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  }

  // Typed as string | URLSearchParams, but oauth4webapi's resource requests can pass bytes.
  const raw: unknown = init?.body;
  let body: Buffer | undefined;
  if (raw instanceof URLSearchParams) {
    body = Buffer.from(raw.toString());
    headers['content-type'] ??= FORM_TYPE;
  } else if (typeof raw === 'string') {
    body = Buffer.from(raw);
  } else if (raw instanceof Uint8Array) {
    body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  } else if (raw instanceof ArrayBuffer) {
    body = Buffer.from(raw);
  } else if (raw !== undefined && raw !== null) {
    throw new TypeError(
      'tokenrelay transport: unsupported request body type (use a string or URLSearchParams)',
    );
  }
  if (body) headers['content-length'] = String(body.length);
  // node:http sends no User-Agent, and some gateways reject requests without one; the version
  // tells a server's operator which release called.
  headers['user-agent'] ??= `tokenrelay/${VERSION}`;
  // Servers that can answer in several forms pick by it: GitHub's token endpoint sends a
  // form-encoded body without it. oauth4webapi leaves it out of revocation requests.
  headers.accept ??= 'application/json';

  return { method: (init?.method ?? 'GET').toUpperCase(), headers, body };
}

function isHeaders(value: unknown): value is Headers {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Headers).forEach === 'function' &&
    typeof (value as Headers).get === 'function'
  );
}
