/**
 * An identity is a unit: a server and a client, and what is held for them. The settings layer
 * (`settings.ts`) and the stored sources apply the rule through these helpers, so "the same
 * server" and "the same client" mean one thing everywhere.
 */

/**
 * The server is one setting with several spellings: the layer that names any of these names
 * the server, and lower layers' spellings are set aside (else a config file's token endpoint
 * would carry a flag's client and secret to another server). The device endpoint has no
 * setting of its own: it always comes from the issuer's metadata.
 */
export const SERVER_KEYS = ['issuer', 'tokenEndpoint', 'revocationEndpoint'] as const;
export type ServerKey = (typeof SERVER_KEYS)[number];

/** Two URLs name the same place: equal once parsed, a trailing slash aside. */
export function sameUrl(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return canonical(a) === canonical(b);
}

export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function canonical(url: string): string {
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
}

/** What identifies who a credential belongs to: the server's spellings and the client id. */
export interface IdentityFields {
  issuer?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  clientId?: string;
}

/**
 * Why `held` (a job file, a stored or imported record: a whole identity tokenrelay wrote) is
 * not the identity the user's own settings name; undefined when it is. A spelling or client id
 * the user names must be the held one's; one the held identity lacks is another server.
 */
export function otherIdentity(user: IdentityFields, held: IdentityFields): string | undefined {
  for (const key of [...SERVER_KEYS, 'clientId'] as const) {
    const mine = user[key];
    if (mine === undefined) continue;
    const theirs = held[key];
    const same = key === 'clientId' ? mine === theirs : sameUrl(mine, theirs);
    if (!same) return `${WORDS[key]} ${mine} is not its ${theirs ?? `(it names no ${WORDS[key]})`}`;
  }
  return undefined;
}

const WORDS: Record<ServerKey | 'clientId', string> = {
  issuer: 'issuer',
  tokenEndpoint: 'token endpoint',
  revocationEndpoint: 'revocation endpoint',
  clientId: 'client id',
};

/** Endpoints of a record that are not on its issuer's origin (what `auth import` refuses). */
export function offOriginEndpoints(record: {
  issuer: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
}): string[] {
  const home = urlOrigin(record.issuer);
  return [record.tokenEndpoint, record.revocationEndpoint].filter(
    (u): u is string => u !== undefined && urlOrigin(u) !== home,
  );
}

/** What a stored or imported session says it is. */
export interface HeldSession {
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
}

/**
 * Why a stored or imported session is not the identity the user's settings name (undefined
 * when it is, or when they name none): the stored sources then leave it alone, whole.
 * A revocation endpoint is compared only when the session saved one (servers often name none).
 */
export function sessionIsOther(user: IdentityFields, held: HeldSession): string | undefined {
  return otherIdentity(user, {
    ...held,
    revocationEndpoint: held.revocationEndpoint ?? user.revocationEndpoint,
  });
}

/**
 * Why the configured secret must not go with a stored or imported session's request to
 * `sentTo` (undefined when it may): only when the session's issuer (or, with no issuer
 * configured, token endpoint) and client id are the configured ones, and `sentTo` is one of
 * the configured endpoints or on that issuer's origin. A secret goes only to the endpoints of
 * the server it is used with.
 */
export function configuredSecretRefusal(
  user: IdentityFields,
  held: HeldSession,
  sentTo: string,
): string | undefined {
  if (user.clientId !== held.clientId)
    return `the session's client id is ${held.clientId}, not ${user.clientId ?? 'configured'}`;
  const sameServer = user.issuer
    ? sameUrl(user.issuer, held.issuer)
    : user.tokenEndpoint !== undefined && sameUrl(user.tokenEndpoint, held.tokenEndpoint);
  if (!sameServer) return `the session's issuer ${held.issuer} is not the configured server`;
  const configured = [user.tokenEndpoint, user.revocationEndpoint].some((u) => sameUrl(u, sentTo));
  if (!configured && urlOrigin(sentTo) !== urlOrigin(held.issuer))
    return `${sentTo} is not on the issuer's origin ${urlOrigin(held.issuer)}`;
  return undefined;
}
