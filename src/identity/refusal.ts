import { TokenRelayError } from '../core/errors.ts';
import { bodyExcerpt } from '../http/json-body.ts';

/** How messages name the settings a user would change, as they gave them (flag, env, input). */
export interface ValidateNames {
  tenant?: string;
  workspace?: string;
  tokenHeader?: string;
  profilePath?: string;
  apiUrl?: string;
  audience?: string;
  resource?: string;
}

/** What is known of where the token came from, for saying what else may be wrong with it. */
export interface TokenOrigin {
  /** Minted for this run by the client credentials grant: a machine, no user behind it. */
  machine?: boolean;
  /** Minted for this run by any grant. */
  minted?: boolean;
  /** The request named the API (--resource or --audience). */
  targeted?: boolean;
}

/** What the API answered, as far as messages need it. */
export interface Refused {
  status: number;
  /** The body's text (bounded by the transport), for reading hints out of it. */
  text: string;
  challenge: string | null;
}

const LOGIN_HINT =
  "Check that the token is current and meant for this API; create a new one or run 'tokenrelay auth login'.";

/**
 * A 401/403/404/other from the profile endpoint, in words of its likeliest cause: a key sent
 * in the wrong header, a minted token meant for another audience, a machine token at an
 * endpoint that describes users, or just a token the API does not take.
 */
export function refusal(
  answer: Refused,
  at: { api: string; path: string; header: string; headerConfigured: boolean },
  names: ValidateNames,
  origin: TokenOrigin,
): TokenRelayError {
  const { status } = answer;
  const said = serverSaid(answer.text);
  if (status === 401 || status === 403) {
    const where = at.header.toLowerCase() === 'authorization' ? '' : ` in the ${at.header} header`;
    const message = `The token${where} was rejected by ${at.api} (HTTP ${status}).${said}`;
    const wanted = at.headerConfigured ? undefined : otherHeader(answer.text, answer.challenge);
    if (wanted !== undefined) {
      const setting = names.tokenHeader ?? '--token-header';
      return new TokenRelayError(
        'auth',
        message,
        wanted
          ? `${at.api} seems to want the key in another header: set ${setting} to ${wanted}.`
          : `${at.api} seems to want the key in another header than Authorization: Bearer: set ${setting} to the one its documentation names (e.g. X-API-Key).`,
      );
    }
    if (origin.minted && !origin.targeted) {
      return new TokenRelayError(
        'auth',
        message,
        `The token was just minted, without ${names.audience ?? '--audience'} or ${names.resource ?? '--resource'}: many servers then issue it for no API, or another one. Set one of them to this API's identifier.`,
      );
    }
    return new TokenRelayError('auth', message, LOGIN_HINT);
  }
  const profilePath = names.profilePath ?? '--profile-path';
  if (status === 404) {
    const machine = origin.machine
      ? ' A client credentials token stands for no user, and endpoints that describe the current user (userinfo, /me) often have nothing for it.'
      : '';
    return new TokenRelayError(
      'protocol',
      `${at.api} has no profile endpoint at ${at.path} (HTTP 404).${machine}`,
      `Set ${profilePath} to the path of the API that describes ${origin.machine ? 'the caller (one a machine token can read)' : 'the current user'}, and check ${names.apiUrl ?? '--api-url'}.`,
    );
  }
  return new TokenRelayError(
    'protocol',
    `The profile endpoint of ${at.api} answered HTTP ${status}.${said}`,
    `Check ${names.apiUrl ?? '--api-url'} and ${profilePath}.`,
  );
}

/** The token itself is refused: with the tenant and, asked again, without it. */
export function refusedEverywhere(
  answer: Refused,
  api: string,
  scope: string,
  names: ValidateNames,
  origin: TokenOrigin,
): TokenRelayError {
  const base = refusal(
    answer,
    { api, path: '', header: 'Authorization', headerConfigured: true },
    names,
    origin,
  );
  return new TokenRelayError(
    'auth',
    `${api} refused the token for ${scope} (HTTP ${answer.status}), and without them too: the token is the problem, not the ${scope.includes(' and ') ? 'tenant or workspace' : scope.split(' ')[0]}.${serverSaid(answer.text)}`,
    base.hint,
  );
}

/**
 * A header the API's answer names for the key: an `X-…` or `Api-Key` header in the body or the
 * challenge, or a challenge whose scheme is not Bearer. '' when the answer says "another
 * header" without naming one; undefined when nothing suggests it.
 */
function otherHeader(text: string, challenge: string | null): string | undefined {
  const named = /\b(X-[A-Za-z0-9-]*(?:Key|Token|Auth[A-Za-z-]*)|Api-?Key|Private-Token)\b/i;
  const inChallenge = challenge
    ? (/header="?([A-Za-z0-9-]+)/i.exec(challenge)?.[1] ?? named.exec(challenge)?.[1])
    : undefined;
  if (inChallenge) return inChallenge;
  const inBody = named.exec(text)?.[1];
  if (inBody && /header|missing|required|key/i.test(text)) return inBody;
  const scheme = challenge?.trim().split(/[\s,]/)[0];
  if (scheme && /^(api-?key|token)$/i.test(scheme)) {
    return /^token$/i.test(scheme) ? 'Authorization: Token' : '';
  }
  if (/api[-_ ]?key/i.test(text) && /header/i.test(text)) return '';
  return undefined;
}

/** The server's own words, scrubbed and bounded; many APIs say why in `error_description` or `message`. */
export function serverSaid(text: string): string {
  let detail = '';
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const value = body.error_description ?? body.message ?? body.error;
    if (typeof value === 'string') detail = value;
  } catch {
    // Not JSON: an HTML error page says nothing a CI log needs.
  }
  const clean = bodyExcerpt(detail, 200);
  return clean ? ` The API said: ${/[.!?…]$/.test(clean) ? clean : `${clean}.`}` : '';
}
