/**
 * The docker-credential-helpers protocol (docker, podman, skopeo, buildah through
 * `credHelpers`): `get` reads the server on stdin and answers JSON; a failure is its message
 * on stdout with a non-zero exit, and this exact message means "nothing here, go anonymous".
 */
import type { Token } from '../core/token.ts';

export const DOCKER_NOT_FOUND = 'credentials not found in native keychain';

/**
 * `Username` is never `<token>`: that spelling makes docker treat `Secret` as an identity
 * (refresh) token and trade it at the registry's OAuth endpoint.
 */
export function formatDockerCredential(serverUrl: string, token: Token, username: string): string {
  const name = username === '<token>' ? 'oauth2' : username;
  return `${JSON.stringify({ ServerURL: serverUrl, Username: name, Secret: token.accessToken })}\n`;
}

/** `store` sends `{"ServerURL","Username","Secret"}`; a helper that mints keeps none of it. */
export function parseDockerStore(text: string): { serverUrl?: string; secret?: string } {
  try {
    const v = JSON.parse(text) as { ServerURL?: unknown; Secret?: unknown };
    return {
      ...(typeof v.ServerURL === 'string' ? { serverUrl: v.ServerURL } : {}),
      ...(typeof v.Secret === 'string' && v.Secret ? { secret: v.Secret } : {}),
    };
  } catch {
    return {};
  }
}
