import { scrub } from './secrets.ts';

/**
 * The environment a program we start gets (a browser, `run`'s command): ours without
 * tokenrelay's own variables and without any variable that holds a registered secret. A
 * browser outlives the login and hands its environment to everything it starts; `run`'s
 * command gets the token it was given and none of the secrets that minted it.
 */
export function helperEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || /^TOKENRELAY_/i.test(name)) continue;
    if (scrub(value) !== value) continue;
    out[name] = value;
  }
  return out;
}
