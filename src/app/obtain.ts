import { issuedThenRefused } from '../core/issued-then-refused.ts';
import { type Checked, type ResolveContext, resolveToken } from '../core/resolver.ts';
import { environmentKey, type Settings } from '../core/settings.ts';
import type { ResolvedToken } from '../core/token.ts';
import { type Collaborators, chainFor } from './chain.ts';
import type { Method } from './methods.ts';

export interface ObtainRequest {
  settings: Settings;
  env: Record<string, string | undefined>;
  /** `--token` / `--token-stdin` / the `token` input, registered as a secret already. */
  token?: string;
  /** How the face names where `token` came from (`--token-stdin`); default `--token`. */
  tokenLabel?: string;
  method: Method;
  /** Validate against the API's profile endpoint: always, never, or only a given token. */
  validate: 'always' | 'never' | 'given';
  /** What the face hands over: its store opener, extra parameters. */
  collaborators?: Collaborators;
  debug?: (line: string) => void;
  /** Said to the user: a given token passed over because it expired. */
  warn?: (line: string) => void;
  /** Filled with each source's verdict, in order (`auth status` shows them). */
  checked?: Checked[];
}

/** The one path every face takes: resolve through the chain, then prove the token works. */
export async function obtainToken(req: ObtainRequest): Promise<ResolvedToken> {
  const ctx: ResolveContext = {
    settings: req.settings,
    env: req.env,
    environment: environmentKey(req.settings),
    token: req.token,
    ...(req.tokenLabel ? { tokenLabel: req.tokenLabel } : {}),
    debug: req.debug,
    ...(req.warn ? { warn: req.warn } : {}),
    ...(req.checked ? { checked: req.checked } : {}),
  };
  let token: ResolvedToken;
  try {
    token = await resolveToken(chainFor(req.method, req.settings, req.collaborators), ctx);
  } catch (e) {
    // A token the server issued in a response we refused is live all the same: take it back.
    const issued = issuedThenRefused(e);
    if (!issued?.method) throw e;
    const { failAfterMinting } = await import(/* webpackMode: "eager" */ './revoke-minted.ts');
    throw await failAfterMinting(e, { ...issued, method: issued.method }, req.settings, req.env, req.debug);
  }
  const minted = token.method !== 'token';
  const wanted = req.validate === 'always' || (req.validate === 'given' && !minted && req.settings.apiUrl);
  if (!wanted) return token;
  const { validateResolved } = await import(/* webpackMode: "eager" */ './validate-token.ts');
  try {
    return await validateResolved(token, req.settings, req.debug, req.collaborators?.face);
  } catch (e) {
    const { failAfterMinting } = await import(/* webpackMode: "eager" */ './revoke-minted.ts');
    throw await failAfterMinting(e, token, req.settings, req.env, req.debug);
  }
}
