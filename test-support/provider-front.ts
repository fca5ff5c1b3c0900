/**
 * A thin real HTTP server on loopback that makes the suite's oidc-provider look like another
 * vendor's server: its issuer and endpoint paths, its discovery document, its demands on a
 * token request (Entra's `/.default` scope, Auth0's `audience`, Okta's mandatory scope) and
 * the shape of its token responses. The provider behind it still decides everything that
 * matters — client authentication, grants, signatures, token lifetimes — so a recipe test
 * exercises a real server through a vendor's surface. Recipes live in provider-recipes.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProvider } from './provider.ts';

/** The metadata members a front can serve under its own paths. */
export type EndpointName =
  | 'token_endpoint'
  | 'revocation_endpoint'
  | 'jwks_uri'
  | 'introspection_endpoint'
  | 'device_authorization_endpoint';

export type Answer = { status: number; body: Record<string, unknown> };

export interface FrontRecipe {
  /** The issuer's path on the front's origin: '/tenant/v2.0', '/realms/acme', or '/' (Auth0). */
  issuerPath: string;
  /** The front's path for each endpoint it serves; the rest are left out of its metadata. */
  endpoints: Partial<Record<EndpointName, string>>;
  /** Members to add to (or, as undefined, remove from) the discovery document. */
  metadata?: Record<string, unknown>;
  /** Judges a token request as the vendor does: an error answer, or the form to pass on. */
  tokenRequest?: (form: URLSearchParams) => Answer | URLSearchParams;
  /** Rewrites a device authorization request (RFC 8628) before it is passed on. */
  deviceRequest?: (form: URLSearchParams) => URLSearchParams;
  /** Reshapes the provider's successful token response into the vendor's. */
  tokenResponse?: (body: Record<string, unknown>, form: URLSearchParams) => Record<string, unknown>;
}

export interface FrontRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form?: Record<string, string>;
}

export interface ProviderFront {
  /** The origin, `http://127.0.0.1:PORT`. */
  origin: string;
  /** Exactly as the discovery document names it. */
  issuer: string;
  url(name: EndpointName): string;
  requests: FrontRequest[];
  close(): Promise<void>;
}

const DROP = [
  'registration_endpoint',
  'end_session_endpoint',
  'userinfo_endpoint',
  'pushed_authorization_request_endpoint',
  'authorization_endpoint',
  'authorization_response_iss_parameter_supported',
  'backchannel_authentication_endpoint',
];

export async function startProviderFront(
  provider: TestProvider,
  recipe: FrontRecipe,
): Promise<ProviderFront> {
  const upstream = (await (await fetch(provider.discoveryUrl)).json()) as Record<string, unknown>;
  const requests: FrontRequest[] = [];
  const routes = new Map<string, EndpointName>();
  for (const [name, path] of Object.entries(recipe.endpoints)) routes.set(path, name as EndpointName);
  let origin = '';
  const issuerPath = recipe.issuerPath === '/' ? '' : recipe.issuerPath.replace(/\/$/, '');
  const issuer = () => (recipe.issuerPath === '/' ? `${origin}/` : origin + issuerPath);

  function metadata(): Record<string, unknown> {
    const doc: Record<string, unknown> = { ...upstream, issuer: issuer() };
    for (const name of DROP) delete doc[name];
    for (const name of [
      'token_endpoint',
      'revocation_endpoint',
      'jwks_uri',
      'introspection_endpoint',
      'device_authorization_endpoint',
    ] as const) {
      const path = recipe.endpoints[name];
      if (path) doc[name] = origin + path;
      else delete doc[name];
    }
    for (const [k, v] of Object.entries(recipe.metadata ?? {})) {
      if (v === undefined) delete doc[k];
      else doc[k] = v;
    }
    return doc;
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', origin);
      const body = await readBody(req);
      const record: FrontRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers };
      if (req.method === 'POST') record.form = Object.fromEntries(new URLSearchParams(body));
      requests.push(record);
      if (req.method === 'GET' && url.pathname === `${issuerPath}/.well-known/openid-configuration`) {
        return send(res, { status: 200, body: metadata() });
      }
      const name = routes.get(url.pathname);
      if (!name) return send(res, { status: 404, body: { error: 'not_found' } });
      const target = String(upstream[name]);
      if (name === 'device_authorization_endpoint' && recipe.deviceRequest) {
        return send(
          res,
          await forward(target, req, recipe.deviceRequest(new URLSearchParams(body)).toString()),
        );
      }
      if (name !== 'token_endpoint') return send(res, await forward(target + url.search, req, body));
      let form = new URLSearchParams(body);
      const judged = recipe.tokenRequest?.(form);
      if (judged && !(judged instanceof URLSearchParams)) return send(res, judged);
      if (judged) form = judged;
      const answer = await forward(target, req, form.toString());
      if (answer.status === 200 && recipe.tokenResponse) {
        answer.body = recipe.tokenResponse(answer.body, new URLSearchParams(body));
      }
      return send(res, answer);
    } catch (e) {
      send(res, { status: 500, body: { error: 'server_error', error_description: String(e) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    issuer: issuer(),
    url: (name) => origin + recipe.endpoints[name],
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function forward(target: string, req: http.IncomingMessage, body: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'accept']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(target, {
    method: req.method ?? 'GET',
    headers,
    ...(req.method === 'POST' ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function send(res: http.ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(answer.body));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
