import { scrub } from './secrets.ts';

/**
 * The environment a program we start gets (a browser, `run`'s command): ours without
 * tokenrelay's own variables and without any variable that holds a registered secret. A
 * browser outlives the login and hands its environment to everything it starts; `run`'s
 * command gets the token it was given and none of the secrets that minted it.
 */
export function helperEnv(env: Record<string, string | undefined>): Record<string, string> {
  return without(env, (value) => scrub(value) !== value);
}

/**
 * The environment of `run`'s command: ours without tokenrelay's own variables and without
 * any variable holding one of tokenrelay's own credentials (`own`: the client secret, the
 * private key). Unlike a browser's, the runner's and the network's variables stay —
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN for a command's own OIDC (npm provenance), HTTPS_PROXY with
 * its password — since the command is the job's own work, not a helper of ours.
 */
export function commandEnv(
  env: Record<string, string | undefined>,
  own: readonly (string | undefined)[],
): Record<string, string> {
  const secrets = own.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return without(env, (value) => secrets.some((s) => value.includes(s)));
}

/** `env` less tokenrelay's own variables and those whose value `holdsSecret`. */
function without(
  env: Record<string, string | undefined>,
  holdsSecret: (value: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || /^TOKENRELAY_/i.test(name) || holdsSecret(value)) continue;
    out[name] = value;
  }
  return out;
}
