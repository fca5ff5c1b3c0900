import { usageError } from './errors.ts';

/**
 * The key records are stored under: the API's URL, or the issuer where no API URL is set.
 * `HTTPS://API.Example.com:443/v1/` and `https://api.example.com/v1` are one environment.
 */
export function normaliseEnvironment(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw usageError(`'${input}' is not a URL.`, 'Pass the API URL or issuer, e.g. https://api.example.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(
      `'${input}' is not an http(s) URL.`,
      'Pass the API URL or issuer, e.g. https://api.example.com.',
    );
  }
  if (url.username || url.password) {
    // Never echo it back: the user part may be a credential.
    throw usageError('The environment URL contains a user name or password.', 'Remove the part before "@".');
  }
  // URL already lowercases scheme and host and drops a default port.
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

/** Several environments stored and none named: the user chooses; nothing is guessed. */
export function severalEnvironmentsError(environments: readonly string[]) {
  return usageError(
    `Credentials are stored for several environments: ${environments.join(', ')}.`,
    "Choose one with --api-url or --issuer (or TOKENRELAY_API_URL), or set a default with 'tokenrelay auth switch --environment URL'.",
  );
}
