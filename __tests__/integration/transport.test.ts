import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createFetch, type TransportOptions, withRetries } from '../../src/http/index.ts';
import { rejection } from '../../test-support/expect-error.ts';
import { type FaultFront, fault, startFaultFront } from '../../test-support/fault-front.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

// Retries and their status handling, against a real server on loopback.

const policy = { what: 'the token endpoint', retryable: true };

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/** A token request the way the oauth layer will make it: through both layers. */
function tokenRequest(front: FaultFront, opts: TransportOptions, p = policy) {
  const fetch = createFetch(opts, p);
  return withRetries(
    (attempt) =>
      fetch(`${front.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', attempt: String(attempt) }),
      }),
    opts,
    p,
  );
}

const front = useFaultFront();

describe('Retry-After', () => {
  it('waits the seconds a 429 asks for, then succeeds', async () => {
    const { waits, sleep } = recordingSleep();
    front.enqueue(fault.status429(2), fault.json(200, { access_token: 'at' }));
    const res = await tokenRequest(front, { sleep });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ access_token: 'at' });
    expect(waits).toEqual([2000]);
    expect(front.requests).toHaveLength(2);
  });

  it('reads an HTTP date', async () => {
    const { waits, sleep } = recordingSleep();
    const at = new Date(Date.now() + 5000).toUTCString();
    front.enqueue(fault.status429(at), fault.json(200, { ok: true }));
    const res = await tokenRequest(front, { sleep });
    expect(res.status).toBe(200);
    expect(waits).toHaveLength(1);
    // HTTP dates have whole-second precision, so the wait is 4-5 s, never the backoff's < 0.5 s.
    expect(waits[0]).toBeGreaterThan(3000);
    expect(waits[0]).toBeLessThanOrEqual(5000);
  });

  it('fails at once when asked to come back in a day, saying when', async () => {
    const { waits, sleep } = recordingSleep();
    front.enqueue(fault.status429(86400));
    const before = Date.now();
    const err = await rejection(tokenRequest(front, { sleep }));
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/retry after 86400 s \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)/);
    const at = Date.parse(/at (\S+Z)\)/.exec(err.message)![1]!);
    expect(Math.abs(at - (before + 86_400_000))).toBeLessThan(5000);
    expect(waits).toEqual([]);
    expect(front.requests).toHaveLength(1);
  });

  it('actually sleeps when no sleep is injected', async () => {
    front.enqueue(fault.status429(1), fault.json(200, { ok: true }));
    const started = Date.now();
    const res = await tokenRequest(front, {});
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('server errors', () => {
  it('retries 503, 503 and returns the 200, rebuilding the request each time', async () => {
    const { waits, sleep } = recordingSleep();
    front.enqueue(fault.json(503, {}), fault.json(503, {}), fault.json(200, { access_token: 'at' }));
    const res = await tokenRequest(front, { sleep });
    expect(res.status).toBe(200);
    expect(front.requests.map((r) => new URLSearchParams(r.body).get('attempt'))).toEqual(['0', '1', '2']);
    // Full jitter: somewhere between 0 and base * 2^n.
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(1000);
  });

  it('gives up after the last retry with exit 5 and the attempt count', async () => {
    const { sleep } = recordingSleep();
    front.enqueue(...Array.from({ length: 4 }, () => fault.json(503, {})));
    const err = await rejection(tokenRequest(front, { sleep }));
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(
      /the token endpoint \(http:\/\/127\.0\.0\.1:\d+\/token\) answered HTTP 503 on all 4 attempts/i,
    );
    expect(front.requests).toHaveLength(4);
  });

  it('honours a smaller retries setting', async () => {
    const { sleep } = recordingSleep();
    front.enqueue(fault.json(502, {}), fault.json(502, {}));
    const err = await rejection(tokenRequest(front, { sleep, retries: 1 }));
    expect(err.message).toMatch(/HTTP 502 on all 2 attempts/);
    expect(front.requests).toHaveLength(2);
  });

  it('does not retry at all when the request must not be sent twice', async () => {
    const { waits, sleep } = recordingSleep();
    front.enqueue(fault.json(503, {}), fault.json(200, {}));
    const err = await rejection(tokenRequest(front, { sleep }, { ...policy, retryable: false }));
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/HTTP 503 on its only attempt/);
    expect(front.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    const { sleep } = recordingSleep();
    front.enqueue(fault.reset(), fault.json(200, { ok: true }));
    const res = await tokenRequest(front, { sleep });
    expect(res.status).toBe(200);
    expect(front.requests).toHaveLength(2);
  });
});

describe('client errors are returned, never retried', () => {
  for (const status of [400, 401, 403, 404]) {
    it(`HTTP ${status}: one request, the response handed back`, async () => {
      const { waits, sleep } = recordingSleep();
      front.enqueue(fault.json(status, { error: 'invalid_client' }), fault.json(200, {}));
      const res = await tokenRequest(front, { sleep });
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: 'invalid_client' });
      expect(front.requests).toHaveLength(1);
      expect(waits).toEqual([]);
    });
  }
});

describe('connection refused', () => {
  async function closedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it('is exit 5, naming the endpoint and host but not the query', async () => {
    const port = await closedPort();
    const fetch = createFetch({}, policy);
    const err = await rejection(fetch(`http://127.0.0.1:${port}/token?client_secret=hunter2hunter2`, {}));
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain(`the token endpoint (127.0.0.1:${port})`);
    expect(err.message).toMatch(/connection refused/);
    expect(err.describe()).not.toContain('hunter2');
  });

  it('is retried, then reported with the attempt count', async () => {
    const port = await closedPort();
    const { waits, sleep } = recordingSleep();
    const fetch = createFetch({ sleep }, policy);
    const err = await rejection(
      withRetries(() => fetch(`http://127.0.0.1:${port}/token`, {}), { sleep }, policy),
    );
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/after 4 attempts/);
    expect(waits).toHaveLength(3);
  });
});

describe('redirects', () => {
  it('are a protocol error naming only the Location host; the target receives nothing', async () => {
    const elsewhere = await startFaultFront();
    try {
      front.enqueue(fault.redirect(`${elsewhere.url}/steal?code=abc123secret`, 307));
      const err = await rejection(tokenRequest(front, {}));
      expect(err.exitCode).toBe(3);
      expect(err.message).toMatch(/redirected \(HTTP 307\) to another location \(127\.0\.0\.1:\d+\)/);
      expect(err.message).toContain(elsewhere.host);
      expect(err.describe()).toMatch(
        /does not follow redirects with credentials\. Configure the final URL\./,
      );
      expect(err.describe()).not.toMatch(/steal|abc123secret/);
      expect(front.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
      expect(elsewhere.connections()).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('a single fetch hands the 3xx back as is', async () => {
    front.enqueue(fault.redirect('/other', 302));
    const res = await createFetch({}, policy)(`${front.url}/token`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/other');
    expect(front.requests).toHaveLength(1);
  });
});
