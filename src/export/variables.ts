/**
 * The variables the shell and GitLab dotenv exports write: the token under the chosen name
 * and its non-secret facts under that name plus a suffix, so two tokens exported under two
 * names never overwrite each other's metadata. Expiry is the absolute time only: a relative
 * "expires in" would already be wrong when a later job or command reads it.
 */
import type { ResolvedToken } from '../core/token.ts';
import { validateEnvName } from './env-name.ts';
import { tokenFields } from './fields.ts';

export const DEFAULT_ENV_NAME = 'TOKENRELAY_TOKEN';

/** Suffixes of the metadata variables, appended to the token's name with `_`. */
export const METADATA_SUFFIXES = ['TYPE', 'EXPIRES_AT', 'TENANT', 'WORKSPACE'] as const;

/** `[name, value]` pairs, the token first; metadata the token lacks is left out. */
export function tokenVariables(token: ResolvedToken, envName = DEFAULT_ENV_NAME): Array<[string, string]> {
  validateEnvName(envName);
  const fields = tokenFields(token);
  const metadata: Record<(typeof METADATA_SUFFIXES)[number], string | undefined> = {
    TYPE: fields.tokenType,
    EXPIRES_AT: fields.expiresAt,
    TENANT: fields.tenant,
    WORKSPACE: fields.workspace,
  };
  const out: Array<[string, string]> = [[envName, token.accessToken]];
  for (const suffix of METADATA_SUFFIXES) {
    // Checked whether or not this token has the field, so a name fails the same way every run.
    const name = validateEnvName(`${envName}_${suffix}`, `the token's metadata (named after "${envName}")`);
    const value = metadata[suffix];
    if (value !== undefined && value !== '') out.push([name, value]);
  }
  return out;
}
