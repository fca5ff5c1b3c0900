import { isTokenRelayError, type TokenRelayError } from '../core/errors.ts';
import type { Settings } from '../core/settings.ts';
import type { Identity } from '../core/token.ts';

/**
 * What `auth status` learnt by asking the API: a token is only ever called valid after the
 * API's profile endpoint accepted it, just now.
 */
export type StatusCheck =
  | { status: 'valid'; host: string; checkedAt: Date; identity: Identity }
  | { status: 'rejected'; host?: string; httpStatus?: number; error: TokenRelayError }
  | {
      status: 'not_checked';
      reason: 'offline' | 'no_api_url' | 'expired' | 'failed';
      host?: string;
      error?: TokenRelayError;
    };

/** Asks the profile endpoint who `token` is; the default sends one request, no retries. */
export type TokenChecker = (
  token: string,
  settings: Settings & { apiUrl: string },
  scope: { tenant?: string; workspace?: string },
) => Promise<Identity>;

export const defaultChecker =
  (debug?: (line: string) => void): TokenChecker =>
  async (token, settings, scope) => {
    const [{ validateWithSettings }, { transportOptions }] = await Promise.all([
      import(/* webpackMode: "eager" */ './validate-token.ts'),
      import(/* webpackMode: "eager" */ '../sources/configured-client.ts'),
    ]);
    // One request: status reports what the API says now, and a retry loop would only hide it.
    return validateWithSettings(token, settings, { ...transportOptions(settings, debug), retries: 0 }, scope);
  };

export async function checkAgainstApi(
  token: string,
  apiUrl: string,
  settings: Settings,
  scope: { tenant?: string; workspace?: string },
  checker: TokenChecker,
): Promise<StatusCheck> {
  const host = new URL(apiUrl).host;
  try {
    const identity = await checker(token, { ...settings, apiUrl }, scope);
    return { status: 'valid', host, checkedAt: new Date(), identity };
  } catch (e) {
    if (!isTokenRelayError(e)) throw e;
    if (e.kind === 'auth') {
      // The profile lookup says the status in its words, "(HTTP 401)", for people; read it back
      // rather than widen the identity layer's error type for this one report.
      const code = /\(HTTP (\d{3})\)/.exec(e.message)?.[1];
      return { status: 'rejected', host, ...(code ? { httpStatus: Number(code) } : {}), error: e };
    }
    return { status: 'not_checked', reason: 'failed', host, error: e };
  }
}
