import { usageError } from './errors.ts';

/**
 * How the CI job's own OIDC token is turned into an API token (README "Keyless CI"):
 * RFC 8693 token exchange, the RFC 7523 §2.1 JWT bearer grant, or client credentials with
 * the CI token as the client assertion (the "federated credential" pattern).
 */
export const FEDERATION_MODES = ['token-exchange', 'jwt-bearer', 'client-assertion'] as const;
export type FederationMode = (typeof FEDERATION_MODES)[number];

/** RFC 8693 §3 token type identifiers, by the short names the settings accept. */
export const TOKEN_TYPES: Readonly<Record<string, string>> = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  refresh_token: 'urn:ietf:params:oauth:token-type:refresh_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
};

export function federationMode(value: string | undefined, where: string): FederationMode | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if ((FEDERATION_MODES as readonly string[]).includes(v)) return v as FederationMode;
  throw usageError(
    `Unknown federation mode '${value.slice(0, 40)}' (${where}).`,
    `Use one of: ${FEDERATION_MODES.join(', ')}.`,
  );
}

/** A short name (`id_token`, `jwt`, …) or a full URI; anything else is a typo caught before sending. */
export function tokenTypeUri(value: string | undefined, where: string): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const short = TOKEN_TYPES[v.toLowerCase()];
  if (short) return short;
  if (/^urn:[a-z0-9][a-z0-9-]*:\S+$/i.test(v) || /^https?:\/\/\S+$/.test(v)) return v;
  throw usageError(
    `${where} '${v.slice(0, 60)}' is not a token type.`,
    `Use ${Object.keys(TOKEN_TYPES).join(', ')} or a full URI such as ${TOKEN_TYPES.id_token}.`,
  );
}

/** A form parameter name for `tenant-param` / `workspace-param`. */
export function paramName(value: string | undefined, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (/^[A-Za-z0-9_.:-]{1,64}$/.test(value)) return value;
  throw usageError(
    `${where} '${value.slice(0, 40)}' is not a usable parameter name.`,
    'Use letters, digits, _ . : -.',
  );
}
