import { afterEach, describe, expect, it } from 'vitest';
import { registerSecret, resetSecretsForTest } from '../../src/core/secrets.ts';
import { createFetch, expectJsonObject, readJson } from '../../src/http/index.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type FaultFront, fault } from '../../test-support/fault-front.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

// Reading JSON answers: what goes wrong with real bodies, and that messages stay scrubbed.

const what = 'the token endpoint';
const fetchOnce = (front: FaultFront) => createFetch({}, { what, retryable: true })(`${front.url}/token`, {});

const front = useFaultFront();
afterEach(() => resetSecretsForTest());

describe('readJson', () => {
  it('parses a JSON answer, including +json types', async () => {
    front.enqueue(fault.text(200, '{"keys":[]}', 'application/jwk-set+json; charset=utf-8'));
    expect(await readJson(await fetchOnce(front), what)).toEqual({ keys: [] });
  });

  it('names what came instead of JSON, with an excerpt (exit 3)', async () => {
    front.enqueue(fault.text(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html'));
    const err = await rejection(readJson(await fetchOnce(front), what));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/^Expected JSON from the token endpoint, got text\/html \(HTTP 502\)/);
    expect(err.message).toContain('502 Bad Gateway');
  });

  it('reports a body with no content type', async () => {
    front.enqueue((_req, res) => {
      res.removeHeader('content-type');
      res.end('{}');
    });
    const err = await rejection(readJson(await fetchOnce(front), what));
    expect(err.message).toMatch(/got no content type \(HTTP 200\)/);
  });

  it('turns truncated JSON into a protocol error, never a bare SyntaxError', async () => {
    front.enqueue(fault.truncatedJson());
    const err = await rejection(readJson(await fetchOnce(front), what));
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe('The token endpoint sent invalid JSON (HTTP 200).');
    expect(err).not.toBeInstanceOf(SyntaxError);
  });

  it('treats an empty JSON body as invalid', async () => {
    front.enqueue(fault.text(200, '', 'application/json'));
    const err = await rejection(readJson(await fetchOnce(front), what));
    expect(err.describe()).toMatch(/invalid JSON \(HTTP 200\)\. The body was empty\./);
  });
});

describe('expectJsonObject', () => {
  it('returns an object', async () => {
    front.enqueue(fault.json(200, { access_token: 'at' }));
    expect(await expectJsonObject(await fetchOnce(front), what)).toEqual({ access_token: 'at' });
  });

  it('refuses a JSON array (exit 3)', async () => {
    front.enqueue(fault.json(200, [{ access_token: 'at' }]));
    const err = await rejection(expectJsonObject(await fetchOnce(front), what));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/sent a JSON array where an object was expected \(HTTP 200\)/);
  });

  it('refuses null', async () => {
    front.enqueue(fault.text(200, 'null', 'application/json'));
    const err = await rejection(expectJsonObject(await fetchOnce(front), what));
    expect(err.message).toMatch(/sent JSON null where an object was expected/);
  });
});

describe('scrubbed messages', () => {
  it('a body echoing a registered secret shows *** in the error', async () => {
    const secret = registerSecret('cs-9f8e7d6c5b4a-secret');
    front.enqueue(fault.text(500, `<pre>bad client_secret=${secret}</pre>`, 'text/html'));
    const err = await rejection(readJson(await fetchOnce(front), what));
    expect(err.message).toContain('client_secret=***');
    expect(err.describe()).not.toContain(secret);
  });
});
