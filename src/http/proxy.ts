import type { Agent } from 'node:http';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { bypassesProxy, proxyFromEnv, proxyVariableFor } from './proxy-variables.ts';
import { isLoopbackHost } from './url-policy.ts';

/**
 * Proxy support follows the runner's own conventions (proxy-variables.ts). Since plain http
 * is only allowed to loopback, which is never proxied, in practice only HTTPS_PROXY matters.
 */
type Env = Record<string, string | undefined>;

/**
 * The proxy a request to `target` would go through under `env` (the process's, unless a
 * caller or a test hands its own), or undefined.
 */
export async function proxyUrlFor(target: URL, env: Env = process.env): Promise<URL | undefined> {
  if (isLoopbackHost(target.hostname)) return undefined;
  const proxy = proxyFromEnv(target, env);
  // "proxy.corp:3128" parses as a URL with scheme "proxy.corp:" and no host, and a value the
  // helper cannot decode comes back as "no proxy": either way the request would quietly go
  // direct, which fails later and confusingly. The value is not echoed: it may carry the
  // proxy's password.
  const variable = proxyVariableFor(target, env);
  if (!proxy) {
    if (bypassesProxy(target, env) || !env[variable]) return undefined;
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
    // Already decoded (proxyFromEnv); the tunnelling agent sends them as base64 in
    // Proxy-Authorization, a form registerSecret adds.
    registerSecret(proxy.password);
    registerSecret(`${proxy.username}:${proxy.password}`);
  }
  return proxy;
}

export interface ProxyRoute {
  /** host[:port] of the proxy, for messages (never its credentials). */
  proxyHost: string;
  /** A CONNECT-tunnelling agent; TLS to the target still uses the default CA store. */
  agent: Agent;
}

/** How to reach `target`: through a tunnelling agent, or undefined for a direct connection. */
export async function proxyRouteFor(target: URL, env?: Env): Promise<ProxyRoute | undefined> {
  const proxy = await proxyUrlFor(target, env);
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
      // proxyFromEnv decoded username and password already; decoding again would turn a
      // literal "%41" in a password into "A".
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
