import { NotAuthenticatedError } from './errors.ts';
import type { Settings } from './settings.ts';
import type { ResolvedToken, SourceId } from './token.ts';

/**
 * The precedence users read in the README, in one place. First match wins.
 * A source that is not built, or not configured, is simply not in the chain.
 */
export const SOURCE_ORDER: readonly SourceId[] = [
  'flag', // --token / the `token` input
  'env', // TOKENRELAY_TOKEN, then the profile's token_env
  'stored-token', // a static token saved by `auth login --with-token`
  'stored-session', // an OAuth session from `auth login`, refreshed when needed
  'client-credentials', // a client id with a secret or a private key
  'federation', // the CI job's own OIDC token, exchanged
];

export interface ResolveContext {
  settings: Settings;
  env: Record<string, string | undefined>;
  /** The environment key (api_url, else issuer); undefined when neither is configured. */
  environment: string | undefined;
  /** The explicit token (flag or input), already registered as a secret. */
  token?: string;
  /** Where the explicit token came from, as the user spelt it: `--token`, `--token-stdin`. */
  tokenLabel?: string;
  /**
   * Why a source that looked like it should answer could not (e.g. a keychain out of reach):
   * said in the "not authenticated" error when no source answers. Sources add to it.
   */
  notes?: string[];
  debug?: (line: string) => void;
}

export interface TokenSource {
  id: SourceId;
  /** How a token from it is got, in words (`auth status`): "OAuth session", "client credentials". */
  how: string;
  /** It mints a new token at a server (so `auth status` reports it as configured, never runs it). */
  mints?: true;
  /** Whether its settings (or what was given) are there: a source not configured answers nothing. */
  configured(ctx: ResolveContext): boolean;
  /** What it would use, or why it would not answer, for `auth status` and --verbose. */
  describe(ctx: ResolveContext): string;
  /** undefined means "not mine, ask the next source"; a thrown error stops the chain. */
  resolve(ctx: ResolveContext): Promise<ResolvedToken | undefined>;
}

/** Puts the sources in SOURCE_ORDER, whatever order they were handed in. */
export function orderSources(sources: readonly TokenSource[]): TokenSource[] {
  const rank = (s: TokenSource) => SOURCE_ORDER.indexOf(s.id);
  for (const s of sources) if (rank(s) < 0) throw new Error(`unknown token source ${s.id}`);
  return [...sources].sort((a, b) => rank(a) - rank(b));
}

/** Asks each source in order; the first token wins and carries its source label. */
export async function resolveToken(
  sources: readonly TokenSource[],
  ctx: ResolveContext,
): Promise<ResolvedToken> {
  for (const source of orderSources(sources)) {
    ctx.debug?.(`resolver: trying ${source.id}: ${source.describe(ctx)}`);
    const token = await source.resolve(ctx);
    if (token) {
      ctx.debug?.(`resolver: using ${token.sourceLabel}`);
      return {
        ...token,
        tenant: token.tenant ?? ctx.settings.tenant,
        workspace: token.workspace ?? ctx.settings.workspace,
      };
    }
  }
  throw new NotAuthenticatedError(ctx.notes?.join(' '));
}
