import type { Collaborators } from '../app/chain.ts';
import { storedSourcesFrom } from '../app/stored-sources.ts';
import type { Settings } from '../core/settings.ts';
import type { CredentialStore } from '../store/types.ts';
import { cliCache } from './cache.ts';
import type { CliIO } from './io.ts';
import { cliStore } from './store.ts';

/**
 * What a CLI command hands the app: the credential store (opened on first use), the job's
 * and the command's extra parameters, and the minted-token cache. `write: false` reads the
 * cache only (`run` revokes what it mints itself). Messages use the CLI's spellings.
 */
export function cliCollaborators(
  io: CliIO,
  settings: Settings,
  extraParams: Record<string, string> | undefined,
  options: { write: boolean; store?: () => Promise<CredentialStore> },
): Collaborators {
  return {
    stored: storedSourcesFrom(options.store ?? cliStore(io), (line) =>
      io.err(`tokenrelay: warning: ${line}`),
    ),
    ...(extraParams ? { extraParams } : {}),
    cache: cliCache(io, settings, { write: options.write }),
    face: 'cli',
  };
}
