import type * as oauth from 'oauth4webapi';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { CLIENT_AUTH_METHODS, type ClientAuthMethod } from '../core/settings-table.ts';
import type { ClientKey } from './private-key.ts';

export type { ClientAuthMethod };

export interface ClientAuthOptions {
  clientId: string;
  /** As configured (--client-auth); undefined picks from what was given. */
  method?: string;
  clientSecret?: string;
  /** Loaded with `loadPrivateKey` (kept separate: loading is async and may fail on its own). */
  privateKey?: ClientKey;
  /** How messages name the settings, as the user gives them (`--client-auth`, input `client-auth`). */
  names?: { clientAuth?: string; privateKey?: string };
}

/** What every token-endpoint step needs to authenticate the client. */
export interface ClientAuthentication {
  /** `none`: a public client, named by client_id only. */
  method: ClientAuthMethod | 'none';
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

/**
 * Chooses and builds the client authentication. With no method configured: a secret means
 * client_secret_basic (RFC 6749 §2.3.1 says servers must support it), a key means
 * private_key_jwt. The secret itself was registered where it entered (face, store, registration);
 * every wire form, the Basic header included, derives from it (core/secret-forms.ts).
 */
export function clientAuthentication(opts: ClientAuthOptions): ClientAuthentication {
  const { clientId, clientSecret, privateKey } = opts;
  if (!clientId) {
    throw usageError('No client id is configured.', 'Set TOKENRELAY_CLIENT_ID or --client-id.');
  }
  const method = chooseMethod(
    opts.method,
    clientSecret !== undefined && clientSecret !== '',
    privateKey !== undefined,
    opts.names,
  );
  const client: oauth.Client = { client_id: clientId };
  if (method === 'private_key_jwt') {
    return { method, client, auth: privateKeyJwt(privateKey!) };
  }
  const secret = clientSecret!;
  if (method === 'client_secret_post') {
    return { method, client, auth: clientSecretPost(secret) };
  }
  // The header needs no registration of its own: the secret's forms include its strict form
  // encoding in base64 at every alignment (core/secret-forms.ts), so the header is masked and
  // scrubbed wherever the secret sits in it — without three more sets of mask lines. (Registered
  // again here in case a caller skipped its entry: the registry keeps each form once.)
  registerSecret(secret);
  const credentials = basicCredentials(clientId, secret);
  return { method, client, auth: clientSecretBasic(credentials) };
}

/*
 * The two secret methods are written out rather than taken from oauth4webapi, so that the
 * client-credentials path does not load the library at all (see access-token-response.ts).
 * They do exactly what oauth4webapi's ClientSecretPost / ClientSecretBasic do.
 */
function clientSecretPost(secret: string): oauth.ClientAuth {
  return (_as, client, body) => {
    body.set('client_id', client.client_id);
    body.set('client_secret', secret);
  };
}

/** A public client, named by client_id alone: oauth4webapi's None(). */
export function noClientAuth(): oauth.ClientAuth {
  return (_as, client, body) => {
    body.set('client_id', client.client_id);
  };
}

function clientSecretBasic(credentials: string): oauth.ClientAuth {
  return (_as, _client, _body, headers) => {
    headers.set('authorization', `Basic ${credentials}`);
  };
}

function chooseMethod(
  configured: string | undefined,
  hasSecret: boolean,
  hasKey: boolean,
  names: ClientAuthOptions['names'] = {},
): ClientAuthMethod {
  const method = configured?.trim().toLowerCase() || undefined;
  if (method !== undefined && !(CLIENT_AUTH_METHODS as readonly string[]).includes(method)) {
    throw usageError(
      `Unknown client authentication method "${configured!.slice(0, 40)}".`,
      `Use one of: ${CLIENT_AUTH_METHODS.join(', ')}.`,
    );
  }
  if (method === 'private_key_jwt' || (method === undefined && hasKey && !hasSecret)) {
    if (!hasKey) {
      throw usageError(
        'private_key_jwt needs a private key, and none is configured.',
        `Set ${names.privateKey ?? 'TOKENRELAY_PRIVATE_KEY'}.`,
      );
    }
    return 'private_key_jwt';
  }
  if (method === undefined && hasKey && hasSecret) {
    throw usageError(
      'Both a client secret and a private key are configured, so it is unclear which to authenticate with.',
      `Remove one, or choose with ${names.clientAuth ?? '--client-auth'}: client_secret_basic, client_secret_post or private_key_jwt.`,
    );
  }
  if (!hasSecret) {
    throw usageError(
      'No client secret or private key is configured for the client credentials grant.',
      'Set TOKENRELAY_CLIENT_SECRET (or TOKENRELAY_PRIVATE_KEY for private_key_jwt).',
    );
  }
  return (method as ClientAuthMethod | undefined) ?? 'client_secret_basic';
}

/** oauth4webapi's PrivateKeyJwt, loaded when the first assertion is signed. */
function privateKeyJwt(key: ClientKey): oauth.ClientAuth {
  const input: oauth.PrivateKey = key.kid ? { key: key.key, kid: key.kid } : { key: key.key };
  let auth: oauth.ClientAuth | undefined;
  return async (as, client, body, headers) => {
    if (!auth) {
      const oauth = await import(/* webpackMode: "eager" */ 'oauth4webapi');
      auth = oauth.PrivateKeyJwt(input, {
        // oauth4webapi names Ed25519 keys "Ed25519" (RFC 9864); servers widely accept only "EdDSA".
        // A JWK's own alg (e.g. PS256 on an RSA key) must win over what the key type implies.
        [oauth.modifyAssertion]: (header) => {
          header.alg = key.alg;
        },
      });
    }
    await auth(as, client, body, headers);
  };
}

/**
 * The Basic credentials: RFC 6749 §2.3.1 form-encodes id and secret before base64, so `:` or
 * `%` in a secret survive. Encoded as the WHATWG serializer does, not as oauth4webapi does:
 * many servers never decode, and `-` `_` `.` — in most client ids and every base64url
 * secret — are then the characters that must arrive as they are.
 */
export function basicCredentials(clientId: string, clientSecret: string): string {
  return Buffer.from(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`).toString('base64');
}

/**
 * application/x-www-form-urlencoded as the WHATWG URL standard serializes it: alphanumerics and
 * `*-._` unchanged, space as `+`, everything else percent-encoded (UTF-8).
 */
function formUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
