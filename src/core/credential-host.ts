import type { ConfigFile, HostSection } from './config-file.ts';

/**
 * The host a tool asks a credential helper about, the way `[hosts."…"]` sections name it:
 * `host` or `host:port`, lower-cased, without scheme, user or path. Git sends the host alone,
 * a registry client a server URL with or without a scheme (`registry:5000`,
 * `https://index.docker.io/v1/`), kubectl the cluster's https URL.
 */
export function credentialHost(server: string): string | undefined {
  const text = server.trim();
  if (!text) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (!url.hostname) return undefined;
    // URL drops a scheme's default port; a section for `host:443` is written as `host`.
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return undefined;
  }
}

/** The section for `host:port`, else for the host on any port; undefined when none names it. */
export function hostSection(
  config: ConfigFile | undefined,
  host: string | undefined,
): HostSection | undefined {
  if (!config || !host) return undefined;
  const exact = config.hosts.get(host);
  if (exact) return exact;
  const bare = host.replace(/:\d+$/, '');
  return bare !== host ? config.hosts.get(bare) : undefined;
}
