import type { CiTokenSource } from '../ci/ci-token.ts';
import { audienceText, type Claims } from '../ci/jwt-claims.ts';
import { FEDERATION_MODES, type FederationMode } from '../core/federation-modes.ts';
import { JWT_BEARER_GRANT } from '../oauth/jwt-bearer.ts';
import type { OAuthAdvice } from '../oauth/oauth-errors.ts';
import { TOKEN_EXCHANGE_GRANT } from '../oauth/token-exchange.ts';

const GRANT_OF: Record<FederationMode, string> = {
  'token-exchange': TOKEN_EXCHANGE_GRANT,
  'jwt-bearer': JWT_BEARER_GRANT,
  'client-assertion': 'client_credentials',
};

// Refusals where the usual cause is a trust policy that does not match the CI token.
const TRUST_ERRORS = new Set([
  'invalid_grant',
  'invalid_client',
  'invalid_target',
  'invalid_request',
  'unauthorized_client',
  'access_denied',
]);

export interface AdviceInput {
  mode: FederationMode;
  ci: CiTokenSource;
  claims: Claims | undefined;
  /** The server's `grant_types_supported`, when its metadata lists them. */
  grantTypes?: unknown;
}

/**
 * What a rejected federation needs beyond the OAuth error: which claims the server saw
 * (a wrong `aud` is the usual mistake) and where that claim is configured on this CI.
 */
export function federationAdvice(input: AdviceInput): (code: string) => OAuthAdvice | undefined {
  return (code) => {
    if (code === 'unsupported_grant_type') return unsupported(input);
    if (!TRUST_ERRORS.has(code)) return undefined;
    const c = input.claims;
    const detail =
      `The CI token sent (${input.ci.label}) had aud "${audienceText(c)}", iss "${text(c?.iss)}", ` +
      `sub "${text(c?.sub)}"; the server's trust policy must accept these.`;
    // RFC 8693 §2.2.2 answers invalid_request for a refused subject token: a rejection (4),
    // not a malformed request.
    return { detail, hint: whereToConfigure(input.ci), kind: 'auth' };
  };
}

function unsupported({ mode, grantTypes }: AdviceInput): OAuthAdvice {
  const listed = Array.isArray(grantTypes) ? grantTypes.filter((g) => typeof g === 'string') : undefined;
  const others = FEDERATION_MODES.filter((m) => m !== mode);
  const offered = listed ? others.filter((m) => listed.includes(GRANT_OF[m])) : others;
  const tail = listed ? " (from the grant types in the server's metadata)" : '';
  return {
    detail: `federation: ${mode} needs the ${GRANT_OF[mode]} grant.`,
    hint: offered.length
      ? `Try federation: ${offered.join(' or ')}${tail}, or enable ${GRANT_OF[mode]} at the server.`
      : `The server's metadata lists none of the federation grants; enable ${GRANT_OF[mode]} at the server.`,
  };
}

function whereToConfigure(ci: CiTokenSource): string {
  switch (ci.origin) {
    case 'github':
      return 'Compare the claims above with what the server trusts: set oidc-audience (--oidc-audience / TOKENRELAY_OIDC_AUDIENCE) to the audience it expects, and its trusted issuer and subject (e.g. repo:ORG/REPO:ref:refs/heads/main) to this job (README "Keyless CI").';
    case 'gitlab':
      return `Compare the claims above with what the server trusts: set the aud of id_tokens: ${ci.label}: in .gitlab-ci.yml to the audience it expects, and its trusted issuer and subject (e.g. project_path:GROUP/PROJECT:ref_type:branch:ref:main) to this job (README "Keyless CI").`;
    case 'file':
      return 'Whatever issues the token sets its aud (for a Kubernetes projected token, the audience of the serviceAccountToken volume); make it, the issuer and the subject match what the server trusts.';
  }
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '(none)';
}
