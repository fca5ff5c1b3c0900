/**
 * Loopback is the one place plain http is acceptable: the bytes never leave the machine.
 * `localhost` is taken on trust (the brief allows it); other names are not, because a name
 * can resolve anywhere. The WHATWG parser has already normalised `127.1`, `0x7f.0.0.1` and
 * `[0:0::1]`, so comparing the normalised forms is enough.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
