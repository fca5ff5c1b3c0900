import { usageError } from '../core/errors.ts';
import type { FederationMode } from '../core/federation-modes.ts';
import type { ResolveContext, TokenSource } from '../core/resolver.ts';
import type { FederationExtras } from './mint-extras.ts';

function modeOf(ctx: ResolveContext, extras: FederationExtras): FederationMode | undefined {
  return ctx.settings.federation ?? extras.defaultMode;
}

/**
 * 6. CI federation: the job's own OIDC token, exchanged at the authorization server.
 * Configured by `federation`; once configured, a missing server is a mistake (exit 2), not
 * a reason to fall through to "not authenticated".
 */
export function federationSource(extras: FederationExtras = {}): TokenSource {
  return {
    id: 'federation',
    how: 'CI federation',
    mints: true,
    configured: (ctx) => modeOf(ctx, extras) !== undefined,
    describe: (ctx) => {
      const mode = modeOf(ctx, extras);
      return mode
        ? `the CI token by ${mode} at ${ctx.settings.tokenEndpoint ?? ctx.settings.issuer ?? '(no server set)'}`
        : 'federation is not configured';
    },
    async resolve(ctx) {
      const mode = modeOf(ctx, extras);
      if (!mode) return undefined;
      if (!ctx.settings.issuer && !ctx.settings.tokenEndpoint) {
        throw usageError(
          `federation: ${mode} needs the server that trusts the CI token.`,
          'Set issuer (--issuer / TOKENRELAY_ISSUER) or token-endpoint (--token-endpoint).',
        );
      }
      // The OAuth and HTTP libraries are evaluated only on this path (start-up is measured).
      const { mintFederation } = await import(/* webpackMode: "eager" */ './mint-federation.ts');
      return mintFederation(ctx, mode, extras);
    },
  };
}

export type { FederationExtras } from './mint-extras.ts';
