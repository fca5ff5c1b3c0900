import type { FederationMode } from '../core/federation-modes.ts';

// What the faces add beyond the settings table, for the two minting sources. Its own file so
// a source and its lazily loaded mint half both read it without importing each other.

/** For client credentials. */
export interface ClientCredentialsExtras {
  /** `--param k=v`: extra token-request parameters (e.g. a requested TTL). */
  extraParams?: Record<string, string>;
}

/** For CI federation. */
export interface FederationExtras {
  /** `--param k=v` / the `params` input. */
  extraParams?: Record<string, string>;
  /** The mode when `federation` is not set: the Action's `method: oidc` means token exchange. */
  defaultMode?: FederationMode;
}
