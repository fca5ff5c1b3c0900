/**
 * The browser is opened on a one-time loopback start URL (src/login/loopback-listener.ts),
 * never on the authorization URL itself. Tests that play the browser follow it as a browser
 * would: one GET, a 302 to the authorization URL.
 */
export async function followStartUrl(startUrl: string): Promise<string> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\/start\/[\w-]{43}$/.test(startUrl)) {
    throw new Error(`the browser was not opened on a loopback start URL: ${startUrl.slice(0, 60)}`);
  }
  const res = await fetch(startUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location)
    throw new Error(`the start URL answered ${res.status}, not a redirect`);
  return location;
}
