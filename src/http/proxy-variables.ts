/**
 * Which proxy the environment names for a target, by the conventions the GitHub runner's
 * own HTTP client follows (lowercase beats uppercase; an https target reads https_proxy, an
 * http one http_proxy; NO_PROXY entries match the host, a parent domain, `host:port`, or `*`;
 * loopback is never proxied). Read from the environment it is given, so tests pass one in.
 */

type Env = Record<string, string | undefined>;

/** The variable that names the proxy for `target`, as read (lowercase wins). */
export function proxyVariableFor(target: URL, env: Env): string {
  const [lower, upper] =
    target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  return env[lower] ? lower : upper;
}

/** NO_PROXY (or loopback) says `target` goes direct. */
export function bypassesProxy(target: URL, env: Env): boolean {
  const host = target.hostname.toUpperCase();
  if (!host) return false;
  if (host === 'LOCALHOST' || host.startsWith('127.') || host === '[::1]' || host === '[0:0:0:0:0:0:0:1]') {
    return true;
  }
  const noProxy = env.no_proxy || env.NO_PROXY || '';
  const port =
    target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
  const hosts = port ? [host, `${host}:${port}`] : [host];
  return noProxy
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean)
    .some(
      (item) =>
        item === '*' ||
        hosts.some((h) => h === item || h.endsWith(`.${item}`) || (item.startsWith('.') && h.endsWith(item))),
    );
}

/**
 * The proxy URL for `target`, with its user and password percent-decoded; undefined when
 * none is set, the target bypasses it, or the value is no URL even with `http://` in front.
 */
export function proxyFromEnv(target: URL, env: Env): URL | undefined {
  if (bypassesProxy(target, env)) return undefined;
  const value = env[proxyVariableFor(target, env)];
  if (!value) return undefined;
  const parsed = parseUrl(value) ?? (/^https?:\/\//.test(value) ? undefined : parseUrl(`http://${value}`));
  if (!parsed) return undefined;
  try {
    // The tunnelling agent sends these as they are: decoded once, here, and never again.
    const decoded = {
      username: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    };
    return Object.defineProperties(parsed, {
      username: { value: decoded.username },
      password: { value: decoded.password },
    });
  } catch {
    return undefined;
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
