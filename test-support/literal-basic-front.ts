/**
 * A thin real server on loopback in front of the suite's provider that reads client
 * credentials the way many deployed servers do: HTTP Basic is base64-decoded and split at the
 * first `:`, and never form-decoded (RFC 6749 §2.3.1 says it must be). Or, with
 * `basic: false`, it refuses Basic altogether and wants client_secret_post. It knows one
 * client of its own; a request it accepts goes on to the provider as the provider's
 * `cc-basic` client, so the token that comes back is real.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CC_BASIC_SECRET, type TestProvider } from './provider.ts';

export interface LiteralBasicOptions {
  clientId: string;
  clientSecret: string;
  /** Accept HTTP Basic (undecoded). Default true. */
  basic?: boolean;
  /** What the metadata lists as token_endpoint_auth_methods_supported. */
  methods?: string[];
}

export interface LiteralBasicFront {
  /** `http://127.0.0.1:PORT`: the issuer, with its discovery document. */
  issuer: string;
  tokenEndpoint: string;
  /** The Authorization header and the form of every token request. */
  requests: { authorization?: string; form: Record<string, string> }[];
  close(): Promise<void>;
}

export async function startLiteralBasicFront(
  provider: TestProvider,
  opts: LiteralBasicOptions,
): Promise<LiteralBasicFront> {
  const requests: LiteralBasicFront['requests'] = [];
  let origin = '';
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: origin,
        token_endpoint: `${origin}/token`,
        token_endpoint_auth_methods_supported: opts.methods ?? ['client_secret_basic', 'client_secret_post'],
        grant_types_supported: ['client_credentials'],
      });
    }
    if (req.method !== 'POST' || req.url !== '/token') return send(404, { error: 'not_found' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const authorization = req.headers.authorization;
    requests.push({ ...(authorization ? { authorization } : {}), form: Object.fromEntries(form) });
    let pair: string | undefined;
    if (authorization?.startsWith('Basic ') && opts.basic !== false) {
      pair = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    } else if (!authorization && form.has('client_secret')) {
      pair = `${form.get('client_id')}:${form.get('client_secret')}`;
    }
    const colon = pair?.indexOf(':') ?? -1;
    const known = pair !== undefined && colon > 0;
    if (!known || pair!.slice(0, colon) !== opts.clientId || pair!.slice(colon + 1) !== opts.clientSecret) {
      return send(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    }
    form.delete('client_id');
    form.delete('client_secret');
    const upstream = await fetch(provider.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`cc-basic:${encodeURIComponent(CC_BASIC_SECRET)}`).toString('base64')}`,
      },
      body: form.toString(),
    });
    send(upstream.status, await upstream.json());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: origin,
    tokenEndpoint: `${origin}/token`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
