/**
 * The GitHub Actions ID token, fetched the way `@actions/core`'s getIDToken fetches it:
 * GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=… with `Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer `{"value": "<JWT>"}`.
 *
 * Why not getIDToken itself: measured with ncc, importing it adds ~490 KB (undici through
 * @actions/http-client) to every bundle that can reach it — the Action's main bundle would
 * go from ~190 KB to ~680 KB against a 700 KB budget, for one GET. It would also bypass our
 * transport: no deadline or budget, its own 10 retries, its own proxy handling, and error
 * text we cannot scrub. So the documented protocol runs on our transport instead.
 */
import { authError, protocolError, usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { createFetch } from '../http/fetch.ts';
import { expectJsonObject } from '../http/json-body.ts';
import { withRetries } from '../http/retry.ts';
import type { RequestPolicy, TransportOptions } from '../http/types.ts';
import { assertSendableUrl } from '../http/url-policy.ts';
import { type CiTokenSource, MIN_VALIDITY_SECONDS } from './ci-token.ts';
import { decodeJwtClaims, secondsLeft } from './jwt-claims.ts';

export interface GitHubOidcOptions {
  env: Record<string, string | undefined>;
  /** The `aud` to ask for; undefined leaves GitHub's default (the repository owner's URL). */
  audience?: string;
  transport: TransportOptions;
  now?: () => number;
}

const PERMISSION_YAML = 'permissions:\n  id-token: write\n  contents: read';

const RERUN = "Re-run the job; if it repeats, GitHub's token service may be down (see githubstatus.com).";
const POLICY: RequestPolicy = { what: "GitHub's OIDC token endpoint", retryable: true };

/** Fails at once (exit 2) when the job was not given the id-token permission. */
export function githubCiToken(opts: GitHubOidcOptions): CiTokenSource {
  const url = opts.env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
  const requestToken = registerSecret(opts.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim());
  if (!url || !requestToken) {
    throw usageError(
      'This job cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set, so the job lacks `permissions: id-token: write`.',
      `Add to the workflow (or the job):\n${PERMISSION_YAML}\n` +
        '(Pull requests from forks never get an ID token; use a secret there.)',
    );
  }
  const now = opts.now ?? Date.now;
  let cached: string | undefined;

  const fetchToken = async (): Promise<string> => {
    // A malformed variable is a usage error (exit 2) here, not a TypeError from new URL().
    const target = assertSendableUrl(url, POLICY.what);
    if (opts.audience) target.searchParams.set('audience', opts.audience);
    const send = createFetch(opts.transport, POLICY);
    const headers = { authorization: `Bearer ${requestToken}`, accept: 'application/json' };
    const res = await withRetries(
      () => send(target.href, { method: 'GET', headers }),
      opts.transport,
      POLICY,
    );
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw authError(
        `GitHub refused the OIDC token request (HTTP ${res.status}).`,
        'The request token expires with the job; re-run the job, and check `permissions: id-token: write`.',
      );
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw protocolError(`GitHub's OIDC token endpoint answered HTTP ${res.status}.`, RERUN);
    }
    const body = await expectJsonObject(res, POLICY.what);
    const value = typeof body.value === 'string' ? registerSecret(body.value.trim()) : undefined;
    if (!value || !decodeJwtClaims(value)) {
      throw protocolError(`GitHub's OIDC token endpoint answered without a JWT in "value".`, RERUN);
    }
    return value;
  };

  return {
    origin: 'github',
    label: 'GitHub Actions OIDC',
    async current() {
      if (cached && secondsLeft(decodeJwtClaims(cached), now()) > MIN_VALIDITY_SECONDS) return cached;
      // Freshly minted, or renewed because a retry outlived the last one.
      const token = await fetchToken();
      const left = secondsLeft(decodeJwtClaims(token), now());
      if (left <= 0) {
        throw authError(
          `The OIDC token GitHub just issued has already expired (${-left} s ago).`,
          "Check the runner's clock.",
        );
      }
      cached = token;
      return token;
    },
  };
}
