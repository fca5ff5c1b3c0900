/**
 * The `credential-helpers` input, read with the other inputs (so a mistake fails before
 * anything is minted); what it configures is credential-helpers.ts, loaded only when asked.
 */
import { credentialHost } from '../core/credential-host.ts';
import { usageError } from '../core/errors.ts';

export type HelperTool = 'git' | 'docker' | 'kubectl';

export interface HelperRequest {
  tool: HelperTool;
  hosts: string[];
}

const HINT =
  'Write one tool per line or comma-separated item: `git: git.example.com`, `docker: registry.example.com`, `kubectl`.';

/** `git: a.example.com b.example.com`, `docker: registry:5000`, `kubectl`, by line or comma. */
export function parseCredentialHelpers(lines: readonly string[]): HelperRequest[] {
  const requests: HelperRequest[] = [];
  for (const item of lines
    .flatMap((l) => l.split(','))
    .map((i) => i.trim())
    .filter(Boolean)) {
    const [name = '', rest = ''] = item.split(/:(.*)/s, 2);
    const tool = name.trim().toLowerCase();
    const hosts = rest.split(/\s+/).filter(Boolean);
    if (tool !== 'git' && tool !== 'docker' && tool !== 'kubectl') {
      throw usageError(
        `Input credential-helpers names '${name.trim()}', which is not git, docker or kubectl.`,
        HINT,
      );
    }
    if (tool !== 'kubectl' && hosts.length === 0) {
      throw usageError(
        `Input credential-helpers: ${tool} needs the hosts to answer for (${tool}: HOST): a helper for every host would hand the token to any server ${tool} talks to.`,
        HINT,
      );
    }
    for (const host of hosts) {
      if (!credentialHost(host)) throw usageError(`Input credential-helpers: '${host}' is not a host.`, HINT);
    }
    const same = requests.find((r) => r.tool === tool);
    if (same) same.hosts.push(...hosts);
    else requests.push({ tool, hosts });
  }
  return requests;
}
