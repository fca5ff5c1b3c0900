import { usageError } from '../core/errors.ts';
import type { ResolveContext, TokenSource } from '../core/resolver.ts';
import { registerSecret } from '../core/secrets.ts';
import { GIVEN_TOKEN_ENV, type ResolvedToken, type SourceId } from '../core/token.ts';
import { jwtExpiry } from '../oauth/token-expiry.ts';

/**
 * A token handed to us as is: we know nothing of its type, and of its expiry only what a JWT
 * says of itself (`exp`), or else what tokenrelay's own export wrote beside it — enough for the
 * resolver to pass over one known to be dead.
 */
function given(
  ctx: ResolveContext,
  token: string,
  source: SourceId,
  sourceLabel: string,
  exportedExpiry?: Date,
): ResolvedToken {
  const expiresAt = jwtExpiry(token) ?? exportedExpiry;
  return {
    accessToken: token,
    tokenType: 'Bearer',
    ...(expiresAt ? { expiresAt } : {}),
    source,
    sourceLabel,
    method: 'token',
    environment: ctx.environment ?? 'unknown',
  };
}

/** 1. `--token` / `--token-stdin` / the `token` input. */
export const flagSource: TokenSource = {
  id: 'flag',
  how: 'token given with --token',
  configured: (ctx) => Boolean(ctx.token),
  describe: (ctx) => (ctx.token ? 'a token was given' : 'no --token given'),
  async resolve(ctx) {
    return ctx.token ? given(ctx, registerSecret(ctx.token), 'flag', ctx.tokenLabel ?? '--token') : undefined;
  },
};

/** 2. TOKENRELAY_TOKEN, then the variable the profile's own tools use (`token_env`). */
export const envSource: TokenSource = {
  id: 'env',
  how: 'token from an environment variable',
  configured: (ctx) => envNames(ctx).some((name) => ctx.env[name]?.trim()),
  describe: (ctx) => `checks ${envNames(ctx).join(', ')}`,
  async resolve(ctx) {
    for (const name of envNames(ctx)) {
      const value = ctx.env[name]?.trim();
      if (!value) continue;
      // token_env comes from a config file: it must not make a client credential "the token".
      if (value === ctx.settings.clientSecret?.trim() || value === ctx.settings.privateKey?.trim()) {
        throw usageError(
          `${name} (the profile's token_env) holds the client secret or private key, not an API token.`,
          "Point token_env at the API's own token variable, or remove it from the profile.",
        );
      }
      return given(ctx, registerSecret(value), 'env', name, exportedExpiry(ctx, name));
    }
    return undefined;
  },
};

function envNames(ctx: ResolveContext): string[] {
  const names = [GIVEN_TOKEN_ENV];
  if (ctx.settings.tokenEnv && ctx.settings.tokenEnv !== GIVEN_TOKEN_ENV) names.push(ctx.settings.tokenEnv);
  return names;
}

/**
 * `eval "$(tokenrelay exchange --export shell)"` writes NAME_EXPIRES_AT beside NAME: for an
 * opaque token (no `exp` of its own) that is the only word on when it dies. A value that is
 * not a time is no word at all.
 */
function exportedExpiry(ctx: ResolveContext, name: string): Date | undefined {
  const text = ctx.env[`${name}_EXPIRES_AT`]?.trim();
  if (!text) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return undefined;
  ctx.debug?.(
    `resolver: ${name}'s expiry from ${name}_EXPIRES_AT (${at.toISOString()}) unless it is a JWT with exp`,
  );
  return at;
}
