/**
 * oidc-provider prints a notice for every default helper it calls and a warning for the
 * development-only adapter and interactions — all expected in a test provider, and enough
 * to bury a real failure. This filter drops exactly those lines while a provider runs and
 * lets every other console line (its real warnings included) through.
 */

const NOISE = [
  'oidc-provider NOTICE: ',
  'oidc-provider WARNING: a quick start development-only',
  'oidc-provider WARNING: default ',
  // The federation front (provider-federation.ts) parses token request bodies on purpose.
  'oidc-provider WARNING: already parsed request body',
];

type Log = (...args: unknown[]) => void;

let holders = 0;
let original: { info: Log; warn: Log } | undefined;

function isNoise(args: unknown[]): boolean {
  const first = args[0];
  return typeof first === 'string' && NOISE.some((n) => first.includes(n));
}

function filtered(log: Log): Log {
  return (...args) => {
    if (!isNoise(args)) log(...args);
  };
}

/** Installs the filter (shared by concurrent providers); call the returned function to release it. */
export function quietOidcProvider(): () => void {
  if (holders++ === 0) {
    original = { info: console.info, warn: console.warn };
    console.info = filtered(original.info);
    console.warn = filtered(original.warn);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0 && original) {
      console.info = original.info;
      console.warn = original.warn;
      original = undefined;
    }
  };
}
