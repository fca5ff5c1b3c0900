import diagnostics from 'node:diagnostics_channel';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { createFetch } from '../../src/http/index.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { fault } from '../../test-support/fault-front.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

// One attempt's limits (deadline, size, URL policy) and its fetch compatibility.

const policy = { what: 'the token endpoint', retryable: true };

const front = useFaultFront();

describe('size cap', () => {
  it('drops a 5 MB chunked body as soon as it passes 1 MiB (exit 3)', async () => {
    front.enqueue(fault.hugeBody(5 * 1024 * 1024));
    const started = Date.now();
    const err = await rejection(createFetch({}, policy)(`${front.url}/token`, {}));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/the token endpoint \(127\.0\.0\.1:\d+\) sent a response larger than 1 MiB/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a declared Content-Length over the cap before any of the body arrives', async () => {
    // Headers only: without the up-front check this would sit until the 5 s deadline.
    front.enqueue((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) });
      res.flushHeaders();
    });
    const started = Date.now();
    const err = await rejection(
      createFetch({ maxBodyBytes: 64 * 1024, timeoutMs: 5000 }, policy)(`${front.url}/t`, {}),
    );
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/larger than 64 KiB/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('applies the cap to a declared length too when the body does come', async () => {
    front.enqueue(fault.hugeBody(5 * 1024 * 1024, { declareLength: true }));
    const err = await rejection(createFetch({}, policy)(`${front.url}/token`, {}));
    expect(err.message).toMatch(/larger than 1 MiB/);
  });

  it('accepts a body exactly at the cap', async () => {
    front.enqueue(fault.text(200, 'x'.repeat(100), 'text/plain'));
    const res = await createFetch({ maxBodyBytes: 100 }, policy)(`${front.url}/token`, {});
    expect((await res.text()).length).toBe(100);
  });
});

describe('deadline', () => {
  it('covers the wait for headers (exit 5)', async () => {
    front.enqueue(fault.neverSendHeaders());
    const started = Date.now();
    const err = await rejection(createFetch({ timeoutMs: 300 }, policy)(`${front.url}/token`, {}));
    const took = Date.now() - started;
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/the token endpoint \(127\.0\.0\.1:\d+\) did not answer within 0\.3 s/i);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
  });

  it('covers the body too', async () => {
    front.enqueue(fault.slowDrip(50));
    const err = await rejection(createFetch({ timeoutMs: 300 }, policy)(`${front.url}/token`, {}));
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/did not finish its answer within 0\.3 s/);
  });

  it('is shortened to the command budget', async () => {
    front.enqueue(fault.neverSendHeaders());
    const started = Date.now();
    const opts = { timeoutMs: 30_000, budgetDeadline: Date.now() + 300 };
    const err = await rejection(createFetch(opts, policy)(`${front.url}/token`, {}));
    expect(err.message).toMatch(/time budget ran out/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('sends nothing once the budget is spent', async () => {
    const err = await rejection(
      createFetch({ budgetDeadline: Date.now() - 1 }, policy)(`${front.url}/token`, {}),
    );
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/time budget ran out before the request to the token endpoint/);
    expect(front.connections()).toBe(0);
  });

  it('stops on the caller’s abort signal', async () => {
    front.enqueue(fault.neverSendHeaders());
    const err = await rejection(
      createFetch({}, policy)(`${front.url}/token`, { signal: AbortSignal.timeout(200) }),
    );
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/did not answer in time/);
  });
});

describe('URL policy comes before any socket', () => {
  function countSockets() {
    let sockets = 0;
    const onSocket = () => {
      sockets++;
    };
    diagnostics.subscribe('net.client.socket', onSocket);
    return { count: () => sockets, stop: () => diagnostics.unsubscribe('net.client.socket', onSocket) };
  }

  it('refuses http://example.com with exit 2 and opens no socket', async () => {
    const sockets = countSockets();
    try {
      const err = await rejection(
        createFetch({}, policy)('http://example.com/token?client_secret=s3cr3t-in-query', { method: 'POST' }),
      );
      expect(err.exitCode).toBe(2);
      expect(err.describe()).toBe(
        'Refusing to send credentials over plain http to example.com (the token endpoint). ' +
          'Use https://, or http:// only for 127.0.0.1/::1.',
      );
      expect(sockets.count()).toBe(0);
      // The counter does see a real request, so the zero above means something.
      front.enqueue(fault.json(200, {}));
      await createFetch({}, policy)(`${front.url}/token`, {});
      expect(sockets.count()).toBe(1);
    } finally {
      sockets.stop();
    }
  });
});

describe('fetch compatibility', () => {
  it('posts URLSearchParams as a form and accepts Headers', async () => {
    front.enqueue(fault.json(200, { ok: true }, { 'x-request-id': 'r1' }));
    const res = await createFetch({}, policy)(`${front.url}/token?x=1`, {
      method: 'post',
      headers: new Headers({ Accept: 'application/json' }),
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' }),
    });
    const [sent] = front.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/token?x=1');
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(sent?.headers.accept).toBe('application/json');
    expect(sent?.body).toBe('grant_type=client_credentials&scope=a+b');
    expect(sent?.headers['content-length']).toBe(String(sent?.body.length));
    expect(res).toBeInstanceOf(Response);
    expect(res.headers.get('x-request-id')).toBe('r1');
    expect(res.url).toBe(`${front.url}/token`);
  });

  it('keeps a caller’s content type and handles a 204', async () => {
    front.enqueue(fault.text(204, '', 'text/plain'));
    const res = await createFetch({}, policy)(`${front.url}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"token":"t"}',
    });
    expect(res.status).toBe(204);
    expect(front.requests[0]?.headers['content-type']).toBe('application/json');
    expect(front.requests[0]?.body).toBe('{"token":"t"}');
  });

  it('serves oauth4webapi: discovery and a client credentials grant', async () => {
    const issuer = new URL(front.url);
    const customFetch = createFetch({}, policy);
    const options = { [oauth.customFetch]: customFetch, [oauth.allowInsecureRequests]: true };
    front.enqueue(
      fault.json(200, { issuer: issuer.href, token_endpoint: `${front.url}/token` }),
      fault.json(200, { access_token: 'at-123', token_type: 'bearer', expires_in: 60 }),
    );
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    const client = { client_id: 'ci' };
    const res = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretPost('shh-client-secret'),
      new URLSearchParams({ scope: 'read' }),
      options,
    );
    const tokens = await oauth.processClientCredentialsResponse(as, client, res);
    expect(tokens.access_token).toBe('at-123');
    expect(front.requests.map((r) => r.path)).toEqual(['/.well-known/openid-configuration', '/token']);
    const form = new URLSearchParams(front.requests[1]?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_secret')).toBe('shh-client-secret');
    expect(front.requests[1]?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  });
});
