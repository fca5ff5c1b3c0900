import type { Agent } from 'node:http';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { isLoopbackHost } from './url-policy.ts';

/**
 * Proxy support follows the runner's own conventions by reusing @actions/http-client's
 * helpers (lowercase wins over uppercase, NO_PROXY suffix matching, `*`). An https target
 * uses https_proxy/HTTPS_PROXY and an http target http_proxy/HTTP_PROXY, as curl does; since
 * plain http is only allowed to loopback, which is never proxied, in practice only
 * HTTPS_PROXY matters.
 */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

function proxyVariableSet(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

/**
 * The proxy a request to `target` would go through, read from process.env, or undefined.
 * The helper module is imported only when a proxy variable is set: most runs have none, and
 * startup time is measured. `webpackMode: "eager"` keeps it inside the ncc bundle while
 * still deferring its evaluation.
 */
export async function proxyUrlFor(target: URL): Promise<URL | undefined> {
  if (isLoopbackHost(target.hostname) || !proxyVariableSet()) return undefined;
  const { checkBypass, getProxyUrl } = await import(
    /* webpackMode: "eager" */ '@actions/http-client/lib/proxy'
  );
  const proxy = getProxyUrl(target);
  // "proxy.corp:3128" parses as a URL with scheme "proxy.corp:" and no host, and a value the
  // helper cannot decode comes back as "no proxy": either way the request would quietly go
  // direct, which fails later and confusingly. The value is not echoed: it may carry the
  // proxy's password.
  const variable = variableFor(target);
  if (!proxy) {
    if (checkBypass(target) || !process.env[variable]) return undefined;
    throw usageError(
      `${variable} is set but is not a URL tokenrelay can use.`,
      'Write it as http://[user:password@]host:port, with special characters in the password percent-encoded.',
    );
  }
  if (!proxy.hostname) {
    throw usageError(
      `${variable} is set but names no proxy host tokenrelay can use.`,
      'Write it with its scheme, for example http://proxy.example.com:3128.',
    );
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw usageError(
      `${variable} uses ${proxy.protocol}, which tokenrelay does not support.`,
      'Use an http:// or https:// proxy, or add the host to NO_PROXY.',
    );
  }
  if (proxy.password) {
    // Already decoded (see proxyRouteFor); the tunnelling agent sends them as base64 in
    // Proxy-Authorization, a form registerSecret adds.
    registerSecret(proxy.password);
    registerSecret(`${proxy.username}:${proxy.password}`);
  }
  return proxy;
}

/** The variable getProxyUrl read for this target (lowercase wins, as in the helper). */
function variableFor(target: URL): string {
  const [lower, upper] =
    target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  return process.env[lower] ? lower : upper;
}

export interface ProxyRoute {
  /** host[:port] of the proxy, for messages (never its credentials). */
  proxyHost: string;
  /** A CONNECT-tunnelling agent; TLS to the target still uses the default CA store. */
  agent: Agent;
}

/** How to reach `target`: through a tunnelling agent, or undefined for a direct connection. */
export async function proxyRouteFor(target: URL): Promise<ProxyRoute | undefined> {
  const proxy = await proxyUrlFor(target);
  if (!proxy) return undefined;
  // The agent HttpClient itself builds (the `tunnel` package, same options), without
  // HttpClient: its module drags in undici, which would be most of our bundle and start-up.
  const tunnel = await import(/* webpackMode: "eager" */ 'tunnel');
  const options = {
    maxSockets: 100,
    keepAlive: false,
    proxy: {
      host: proxy.hostname,
      port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)),
      // getProxyUrl returns a DecodedURL: username and password are already percent-decoded,
      // and decoding again would turn a literal "%41" in a password into "A".
      ...(proxy.username || proxy.password ? { proxyAuth: `${proxy.username}:${proxy.password}` } : {}),
    },
  };
  const overHttps = proxy.protocol === 'https:';
  const make =
    target.protocol === 'https:'
      ? overHttps
        ? tunnel.httpsOverHttps
        : tunnel.httpsOverHttp
      : overHttps
        ? tunnel.httpOverHttps
        : tunnel.httpOverHttp;
  return { proxyHost: proxy.host, agent: make(options) as Agent };
}
