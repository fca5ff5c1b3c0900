import { authError, isTokenRelayError, NotAuthenticatedError, type TokenRelayError } from './errors.ts';
import type { Settings } from './settings.ts';
import { type ResolvedToken, rfc3339, type SourceId } from './token.ts';

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
  /** Said to the user (a given token passed over because it expired); the face words it. */
  warn?: (line: string) => void;
  /** Filled with each source's verdict, in the order asked: what `auth status` reports. */
  checked?: Checked[];
  now?: () => number;
}

/**
 * One verdict per token: what a source knows about the token it holds. `live` is handed out
 * (`until` when its expiry is known); `expired` is known dead and never handed out; `rejected`
 * is a server's no (a refused secret, a revoked refresh token); `failed` could not be asked.
 */
export type Verdict =
  | { state: 'live'; until?: Date }
  | { state: 'expired'; at: Date }
  | { state: 'rejected'; error: TokenRelayError }
  | { state: 'failed'; error: TokenRelayError };

export interface Checked {
  source: SourceId;
  /** Where the token was (or would have been) found: "TOKENRELAY_TOKEN", "client credentials (cc)". */
  label: string;
  verdict: Verdict;
}

export interface TokenSource {
  id: SourceId;
  /** How a token from it is got, in words (`auth status`): "OAuth session", "client credentials". */
  how: string;
  /**
   * It mints a new token at a server: what it answers is never judged expired, and
   * `auth status --offline` (which sends nothing) reports it as configured instead of asking it.
   */
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

/**
 * Asks each source in order; the first live token wins and carries its source label. A token
 * a source holds but knows has expired (a given JWT's `exp`, a stored expiry) is passed over:
 * with a warning naming where it came from when a later source answers, else exit 4 saying
 * what to replace. A source that throws (a server's no) stops the chain.
 */
export async function resolveToken(
  sources: readonly TokenSource[],
  ctx: ResolveContext,
): Promise<ResolvedToken> {
  const now = ctx.now ?? Date.now;
  const skipped: (Checked & { verdict: { state: 'expired' } })[] = [];
  for (const source of orderSources(sources)) {
    ctx.debug?.(`resolver: trying ${source.id}: ${source.describe(ctx)}`);
    let token: ResolvedToken | undefined;
    try {
      token = await source.resolve(ctx);
    } catch (e) {
      if (isTokenRelayError(e) && !(e instanceof NotAuthenticatedError)) {
        const state = e.kind === 'auth' ? 'rejected' : 'failed';
        ctx.checked?.push({ source: source.id, label: source.how, verdict: { state, error: e } });
      }
      throw e;
    }
    if (!token) continue;
    const at = token.expiresAt;
    // A minting source's token is as new as it gets; only one held since earlier can be dead.
    if (!source.mints && !token.renewable && at && at.getTime() <= now()) {
      const entry = {
        source: token.source,
        label: token.sourceLabel,
        verdict: { state: 'expired' as const, at },
      };
      ctx.checked?.push(entry);
      skipped.push(entry);
      ctx.debug?.(
        `resolver: ${token.sourceLabel} holds a token that expired at ${at.toISOString()}; skipped`,
      );
      continue;
    }
    for (const dead of skipped) {
      ctx.warn?.(
        `The token from ${dead.label} expired at ${rfc3339(dead.verdict.at)} (${ago(dead.verdict.at, now())}); skipped it and used ${token.sourceLabel}. ${replaceHint(dead)}`,
      );
    }
    ctx.checked?.push({
      source: token.source,
      label: token.sourceLabel,
      verdict: { state: 'live', ...(at ? { until: at } : {}) },
    });
    ctx.debug?.(`resolver: using ${token.sourceLabel}`);
    return {
      ...token,
      tenant: token.tenant ?? ctx.settings.tenant,
      workspace: token.workspace ?? ctx.settings.workspace,
    };
  }
  const [first] = skipped;
  if (first) {
    throw authError(
      `The token from ${first.label} expired at ${rfc3339(first.verdict.at)} (${ago(first.verdict.at, now())}), and nothing else can give one.`,
      replaceHint(first),
    );
  }
  throw new NotAuthenticatedError(ctx.notes?.join(' '));
}

/** What to do about a dead token, by where it was: the user replaces what they gave. */
function replaceHint(dead: Checked): string {
  switch (dead.source) {
    case 'env':
      return `Replace ${dead.label} with a fresh token, or unset it.`;
    case 'flag':
      return `Give a fresh token in ${dead.label}.`;
    case 'stored-session':
      return "Run 'tokenrelay auth login' again.";
    default:
      return "Save a fresh one with 'tokenrelay auth login --with-token'.";
  }
}

function ago(at: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}
