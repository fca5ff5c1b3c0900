import type * as oauth from 'oauth4webapi';

const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Client authentication with an assertion someone else signed (RFC 7523 §2.2): the CI
 * job's OIDC token as `client_assertion`, the "federated credential" pattern. oauth4webapi
 * only builds assertions it signs itself, hence this one. The assertion is asked for on
 * every attempt, so a retry never carries an expired one.
 */
export function ClientAssertion(assertion: () => Promise<string>): oauth.ClientAuth {
  return async (_as, client, body) => {
    body.set('client_id', client.client_id);
    body.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE);
    body.set('client_assertion', await assertion());
  };
}

/**
 * No client at all: for servers that trust the subject token alone (a cloud STS). Sends
 * nothing, not even the placeholder client_id oauth4webapi insists on being given.
 */
export const NoClientAuth: oauth.ClientAuth = () => {};
