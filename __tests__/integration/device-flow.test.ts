/**
 * The device authorization grant (RFC 8628) against the real provider. A fault front
 * stands in front of its token endpoint where the provider itself never says `slow_down`.
 * Sleep is injected and records each wait, so the polling schedule is asserted, not timed.
 */
import type * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTokenRelayError } from '../../src/core/errors.ts';
import { type DeviceCodeDisplay, deviceLogin } from '../../src/oauth/device-flow.ts';
import { discover } from '../../src/oauth/discovery.ts';
import { type Behaviour, type FaultFront, fault, startFaultFront } from '../../test-support/fault-front.ts';
import { startProvider, type TestProvider } from '../../test-support/provider.ts';
import { approveDevice } from '../../test-support/provider-login.ts';

let provider: TestProvider;
let front: FaultFront;

beforeAll(async () => {
  provider = await startProvider();
  front = await startFaultFront();
});
afterAll(async () => {
  await front?.close();
  await provider?.close();
});

const target = { scope: 'openid profile' };

/** Hands the request the front just received to the provider's real token endpoint. */
const forward: Behaviour = (_req, res) => {
  const body = front.requests.at(-1)!.body;
  void fetch(provider.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  }).then(async (answer) => {
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(await answer.text());
  });
};

describe('device flow', () => {
  it('adds 5 s to the interval on slow_down, keeps it on authorization_pending, then succeeds', async () => {
    const discovered = await discover(provider.issuer, {});
    const server: oauth.AuthorizationServer = { ...discovered, token_endpoint: `${front.url}/token` };
    front.enqueue(fault.json(400, { error: 'slow_down' }), forward, forward);
    const waits: number[] = [];
    let shown: DeviceCodeDisplay | undefined;

    const tokens = await deviceLogin({
      server,
      clientId: 'cli-native',
      target,
      transport: {},
      timeoutMs: 300_000,
      show: (d) => {
        shown = d;
      },
      sleep: async (ms) => {
        waits.push(ms);
        // Approved while the third wait runs: the second poll sees authorization_pending.
        if (waits.length === 3) await approveDevice(shown!.verificationUriComplete!);
      },
    });

    expect(waits).toEqual([5_000, 10_000, 10_000]);
    expect(front.requests.map((r) => new URLSearchParams(r.body).get('grant_type'))).toEqual([
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:device_code',
    ]);
    expect(tokens.token.accessToken.split('.')).toHaveLength(3);
    expect(tokens.idClaims?.sub).toBe('alice');
    expect(shown?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(shown?.verificationUri).toBe(`${provider.issuer}/device`);
  });

  it('stops with an auth error (4) when the server says expired_token', async () => {
    const shortLived = await startProvider({ deviceCodeTtlSeconds: 1 });
    try {
      const server = await discover(shortLived.issuer, {});
      const start = Date.now();
      const error = await deviceLogin({
        server,
        clientId: 'cli-native',
        target,
        transport: {},
        timeoutMs: 300_000,
        show: () => {},
        // The clock stands still for tokenrelay, so it is the server that calls time.
        now: () => start,
        sleep: () => new Promise((r) => setTimeout(r, 1_200)),
      }).catch((e: unknown) => e);

      expect(isTokenRelayError(error) && error.exitCode).toBe(4);
      expect((error as Error).message).toContain('expired_token');
      const polls = shortLived.tokenRequests();
      expect(polls.length).toBeGreaterThan(0);
    } finally {
      await shortLived.close();
    }
  });

  it('stops with an auth error (4) on access_denied', async () => {
    const denying = await startFaultFront();
    try {
      denying.enqueue(
        fault.json(200, {
          device_code: 'device-code-abcdef',
          user_code: 'WXYZ-ABCD',
          verification_uri: `${denying.url}/device`,
          expires_in: 600,
          interval: 1,
        }),
        fault.json(400, { error: 'authorization_pending' }),
        fault.json(400, { error: 'access_denied' }),
      );
      const waits: number[] = [];
      const error = await deviceLogin({
        server: {
          issuer: denying.url,
          token_endpoint: `${denying.url}/token`,
          device_authorization_endpoint: `${denying.url}/device_authorization`,
        },
        clientId: 'cli-native',
        target,
        transport: {},
        timeoutMs: 300_000,
        show: () => {},
        sleep: async (ms) => {
          waits.push(ms);
        },
      }).catch((e: unknown) => e);

      expect(isTokenRelayError(error) && error.exitCode).toBe(4);
      expect((error as Error).message).toContain('access_denied');
      expect(waits).toEqual([1_000, 1_000]);
    } finally {
      await denying.close();
    }
  });

  it("a server interval past the login timeout (and Node's timer range) waits until the deadline, then times out", async () => {
    const slow = await startFaultFront();
    try {
      slow.enqueue(
        fault.json(200, {
          device_code: 'device-code-abcdef',
          user_code: 'WXYZ-ABCD',
          verification_uri: `${slow.url}/device`,
          expires_in: 600,
          interval: 10_000_000_000,
        }),
      );
      let clock = 0;
      const waits: number[] = [];
      const error = await deviceLogin({
        server: {
          issuer: slow.url,
          token_endpoint: `${slow.url}/token`,
          device_authorization_endpoint: `${slow.url}/device_authorization`,
        },
        clientId: 'cli-native',
        target,
        transport: {},
        timeoutMs: 5_000,
        show: () => {},
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
      }).catch((e: unknown) => e);
      expect(waits).toEqual([5_000]);
      expect(isTokenRelayError(error) && error.exitCode).toBe(4);
      // Not one poll: the device authorization request is all the server saw.
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});
