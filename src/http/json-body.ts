import { protocolError } from '../core/errors.ts';
import { scrub } from '../core/secrets.ts';
import { capitalise } from './wording.ts';

const EXCERPT_LENGTH = 200;
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * A piece of a response body fit for an error message: secrets replaced first (so a secret
 * cut at the boundary cannot leak its first half), then control characters flattened (a
 * hostile server must not drive the terminal), then truncated.
 */
export function bodyExcerpt(text: string, max: number = EXCERPT_LENGTH): string {
  const clean = scrub(text)
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * The parsed JSON body, or a protocol error (exit 3) that says what came instead: an HTML
 * error page from a gateway is the usual culprit, and the excerpt shows which one.
 */
export async function readJson(res: Response, what: string): Promise<unknown> {
  const type = res.headers.get('content-type');
  const text = await res.text();
  if (!type || !JSON_TYPE.test(type)) {
    const got = type ? (type.split(';')[0] ?? type).trim() : 'no content type';
    const excerpt = bodyExcerpt(text);
    return fail(
      `Expected JSON from ${what}, got ${got} (HTTP ${res.status})${excerpt ? `: ${excerpt}` : '.'}`,
      'Check that the URL points at the endpoint itself, and not at a login page or a proxy error page.',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail(
      `${capitalise(what)} sent invalid JSON (HTTP ${res.status}).`,
      text.length === 0 ? 'The body was empty.' : 'The body was cut short or is not JSON.',
    );
  }
}

/** Like readJson, for answers that must be a JSON object (token, discovery, profile). */
export async function expectJsonObject(res: Response, what: string): Promise<Record<string, unknown>> {
  const value = await readJson(res, what);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value)
      ? 'a JSON array'
      : value === null
        ? 'JSON null'
        : `a JSON ${typeof value}`;
    return fail(`${capitalise(what)} sent ${kind} where an object was expected (HTTP ${res.status}).`);
  }
  return value as Record<string, unknown>;
}

/**
 * A JSON object body read from a clone, so `res` can still go to oauth4webapi; undefined when
 * the body is not one. For looking before processing: a secret to register, an error code.
 */
export async function peekJson(res: Response): Promise<Record<string, unknown> | undefined> {
  const value: unknown = await res
    .clone()
    .json()
    .catch(() => undefined);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function fail(message: string, hint?: string): never {
  throw protocolError(message, hint);
}
