import type * as oauth from 'oauth4webapi';

export interface FormPost {
  method: 'POST';
  headers: Record<string, string>;
  body: URLSearchParams;
}

/**
 * The authenticated form POST oauth4webapi's token and revocation requests send, built here
 * so the answer need not be a WHATWG Response (see access-token-response.ts). The client
 * authentication is still an oauth4webapi ClientAuth: it only sets body parameters or, for
 * client_secret_basic, the Authorization header through `set`, which is all the Headers it
 * is handed needs to have.
 */
export async function formPost(
  server: oauth.AuthorizationServer,
  client: oauth.Client,
  clientAuth: oauth.ClientAuth,
  params: URLSearchParams,
  { accept }: { accept: boolean },
): Promise<FormPost> {
  const headers: Record<string, string> = accept ? { accept: 'application/json' } : {};
  const sink = {
    set(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
  };
  await clientAuth(server, client, params, sink as unknown as Headers);
  headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
  return { method: 'POST', headers, body: params };
}
