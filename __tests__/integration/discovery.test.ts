/**
 * Discovery as real servers serve it (issue 10, item 2): both well-known places, redirects a
 * GET without credentials may follow (same origin, at most three, never off https), and an
 * error that lists every URL tried with what it answered. Item 1: the issuer is compared
 * exactly, forgiving only a trailing slash, and the document's spelling wins.
 */
import { describe, expect, it } from 'vitest';
import { nextUrl } from '../../src/http/follow-redirects.ts';
import { discover } from '../../src/oauth/discovery.ts';
import { rejection, thrown } from '../../test-support/expect-error.ts';
import { fault } from '../../test-support/fault-front.ts';
import { useFaultFront } from '../../test-support/use-fault-front.ts';

const noWait = { retries: 0, timeoutMs: 5000, sleep: async () => {} };
const front = useFaultFront();

const metadata = (issuer: string) => ({ issuer, token_endpoint: `${issuer}/token/` });

describe('redirects of discovery GETs', () => {
  it("follows Django's APPEND_SLASH 301 on the same origin, sending no credentials", async () => {
    front.enqueue(
      fault.redirect('/o/.well-known/openid-configuration/', 301),
      fault.json(200, metadata(`${front.url}/o`)),
    );
    const server = await discover(`${front.url}/o`, noWait);
    expect(server.token_endpoint).toBe(`${front.url}/o/token/`);
    expect(front.requests.map((r) => r.path)).toEqual([
      '/o/.well-known/openid-configuration',
      '/o/.well-known/openid-configuration/',
    ]);
    for (const r of front.requests) {
      expect(r.method).toBe('GET');
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers.cookie).toBeUndefined();
      expect(r.body).toBe('');
    }
  });

  it('follows up to three hops, and refuses a fourth (exit 3)', async () => {
    const hops = ['/a', '/b', '/c', '/d'].map((p) => fault.redirect(p, 302));
    front.enqueue(...hops);
    const err = await rejection(discover(front.url, noWait));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/redirected more than 3 times/);
    expect(front.requests).toHaveLength(4);

    front.requests.length = 0;
    front.enqueue(...hops.slice(0, 3), fault.json(200, metadata(front.url)));
    expect((await discover(front.url, noWait)).issuer).toBe(front.url);
  });

  it('never follows a redirect to another origin (exit 3; the other origin receives nothing)', async () => {
    front.enqueue(fault.redirect('http://127.0.0.1:9/.well-known/openid-configuration', 302));
    const err = await rejection(discover(front.url, noWait));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/redirected \(HTTP 302\) to another origin \(127\.0\.0\.1:9\)/);
    expect(front.requests).toHaveLength(1);
  });

  it('never follows https to http, even on the same host', () => {
    const res = new Response(null, { status: 301, headers: { location: 'http://idp.example.test/x/' } });
    const err = thrown(() => nextUrl(res, new URL('https://idp.example.test/x'), 'discovery'));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/from https to http:\/\/idp\.example\.test/);
  });
});

describe('where metadata is looked for', () => {
  it('an issuer with a path: RFC 8414 puts the well-known segment before the path', async () => {
    front.enqueue(
      fault.text(404, 'Not Found', 'text/html'),
      fault.json(200, metadata(`${front.url}/tenant-a`)),
    );
    await discover(`${front.url}/tenant-a`, noWait);
    expect(front.requests.map((r) => r.path)).toEqual([
      '/tenant-a/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/tenant-a',
    ]);
  });

  it('an issuer ending in "/" gets no double slash', async () => {
    front.enqueue(fault.json(200, metadata(`${front.url}/o/`)));
    await discover(`${front.url}/o/`, noWait);
    expect(front.requests.map((r) => r.path)).toEqual(['/o/.well-known/openid-configuration']);
  });

  it('an issuer with a path whose server appends the RFC 8414 name to it: found third', async () => {
    front.enqueue(
      fault.text(404, 'Not Found', 'text/html'),
      fault.text(404, 'Not Found', 'text/html'),
      fault.json(200, metadata(`${front.url}/api/auth`)),
    );
    const server = await discover(`${front.url}/api/auth`, noWait);
    expect(server.issuer).toBe(`${front.url}/api/auth`);
    expect(front.requests.map((r) => r.path)).toEqual([
      '/api/auth/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/api/auth',
      '/api/auth/.well-known/oauth-authorization-server',
    ]);
  });

  it('a bare origin asks its RFC 8414 URL once', async () => {
    front.enqueue(fault.text(404, 'Not Found', 'text/html'), fault.text(404, 'Not Found', 'text/html'));
    const err = await rejection(discover(front.url, noWait));
    expect(err.exitCode).toBe(3);
    expect(front.requests.map((r) => r.path)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ]);
  });

  it('nothing at any place: exit 3 listing each of the three URLs tried and what it answered', async () => {
    front.enqueue(
      fault.redirect('/x/.well-known/openid-configuration/', 301),
      fault.text(404, 'Not Found', 'text/html'),
      fault.text(405, 'Method Not Allowed', 'text/plain'),
      fault.text(404, 'Not Found', 'text/plain'),
    );
    const err = await rejection(
      discover(`${front.url}/x`, noWait, {
        issuer: 'TOKENRELAY_ISSUER',
        tokenEndpoint: 'TOKENRELAY_TOKEN_ENDPOINT',
      }),
    );
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(
      `No discovery document for the issuer ${front.url}/x. Tried ` +
        `${front.url}/x/.well-known/openid-configuration (HTTP 404 at ${front.url}/x/.well-known/openid-configuration/); ` +
        `${front.url}/.well-known/oauth-authorization-server/x (HTTP 405); ` +
        `${front.url}/x/.well-known/oauth-authorization-server (HTTP 404).`,
    );
    expect(err.hint).toBe('Check TOKENRELAY_ISSUER, or set TOKENRELAY_TOKEN_ENDPOINT to skip discovery.');
  });
});

describe('issuer identity (RFC 8414 §3.3)', () => {
  it("a configured issuer without the document's trailing slash is accepted; the document's value is used", async () => {
    front.enqueue(fault.json(200, metadata(`${front.url}/tenant/`)));
    const server = await discover(`${front.url}/tenant`, noWait);
    expect(server.issuer).toBe(`${front.url}/tenant/`);
  });

  it('and the other way round', async () => {
    front.enqueue(fault.json(200, metadata(`${front.url}/o`)));
    const server = await discover(`${front.url}/o/`, noWait);
    expect(server.issuer).toBe(`${front.url}/o`);
  });

  it('any other difference is refused (exit 3)', async () => {
    front.enqueue(fault.json(200, metadata(`${front.url}/other`)));
    const err = await rejection(discover(`${front.url}/o`, noWait));
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(
      `The issuer in the discovery document (${front.url}/other) is not the configured issuer (${front.url}/o).`,
    );
  });
});
