import { usageError } from '../core/errors.ts';
import { type Settings, settingName } from '../core/settings.ts';
import type { LoginErrorWords } from '../oauth/authorization-code.ts';
import type { LoginClient } from './login-client.ts';

/**
 * What a login may be asked to add (`--param`), and how its failures name what to change:
 * the settings as the user gave them, and a secret it left out on purpose.
 */

/** Parameters the login sets itself cannot be overridden by `--param`. */
const PROTOCOL_PARAMS = new Set([
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'device_code',
  'grant_type',
  'prompt',
  'resource',
  'audience',
]);

export function checkedParams(params: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(params)) {
    if (PROTOCOL_PARAMS.has(key)) {
      throw usageError(
        `--param ${key} cannot be set: the login sets ${key} itself.`,
        key === 'resource' || key === 'audience' || key === 'scope' || key === 'prompt'
          ? `Use --${key} instead.`
          : 'Remove it.',
      );
    }
  }
  return params;
}

/** The settings a refused login names, the way they were given, and a secret it left out. */
export function loginErrorWords(settings: Settings, client: LoginClient): LoginErrorWords {
  const clientId =
    client.origin === 'settings'
      ? settingName(settings, 'clientId')
      : `the client this machine registered (${client.clientId}); --client-id`;
  const names = {
    clientId,
    clientSecret: settingName(settings, 'clientSecret'),
    clientAuth: settingName(settings, 'clientAuth'),
    scope: settingName(settings, 'scope'),
  };
  const words: LoginErrorWords = { names, publicClient: !client.clientSecret };
  if (client.secretLeftOut) {
    const secret = settingName(settings, 'clientSecret');
    words.advise = (code) =>
      code === 'invalid_client' || code === 'unauthorized_client'
        ? {
            hint: `${secret} was not sent: it is not given for ${clientId} ${client.clientId} (a CI client's secret stays with its own client). If this client has a secret, pass it with --client-secret.`,
          }
        : undefined;
  }
  return words;
}
