import { usageError } from './errors.ts';

/** `name=value` items (`--param`, the `params` input): extra token-request parameters. */
export function parseParams(items: string[], what = '--param'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) throw usageError(`${what} needs name=value, got '${item.split('=')[0]!.slice(0, 40)}'.`);
    out[item.slice(0, i).trim()] = item.slice(i + 1).trim();
  }
  return out;
}
