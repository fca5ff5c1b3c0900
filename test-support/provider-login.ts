/**
 * Plays the person at the browser for the test provider's development pages (login,
 * consent, device code confirmation) with plain fetch and a cookie jar, so CLI login and
 * device flow tests run without a browser. Playwright tests drive the same pages for real.
 */

export interface LoginOptions {
  /** The login name typed on the sign-in page. Default `alice`, the only account. */
  login?: string;
  /** Give up after this many pages or redirects. Default 20. */
  maxSteps?: number;
}

export interface LoginOutcome {
  /** Where the provider finally sent the browser off its own origin (the loopback callback), if it did. */
  redirect?: URL;
  /** The last page shown when it did not redirect away (device flow success, or an error page). */
  page?: { url: string; status: number; html: string };
}

interface Form {
  action: string;
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'" };
const decodeEntities = (s: string) =>
  s.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (_, e: string) => ENTITIES[e]!);

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** The first POST form of a page, with its inputs' current values; the dev pages have at most one that matters. */
function firstForm(html: string, base: string): Form | undefined {
  const match = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!match || attribute(match[1]!, 'method')?.toLowerCase() !== 'post') return undefined;
  const fields: Record<string, string> = {};
  for (const [input] of match[2]!.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (name) fields[name] = attribute(input, 'value') ?? '';
  }
  return { action: new URL(attribute(match[1]!, 'action') ?? base, base).href, fields };
}

class CookieJar {
  #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // Paths and expiry are ignored on purpose: one origin, one short session, and a
  // deleted cookie arrives with an empty value.
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

/**
 * Opens `url` (an authorization or device verification URL) and submits every page the way
 * a consenting user would, until the provider redirects off its origin or shows a page
 * without a form.
 */
export async function completeBrowserLogin(url: string, options: LoginOptions = {}): Promise<LoginOutcome> {
  const origin = new URL(url).origin;
  const jar = new CookieJar();
  let request: { url: string; form?: Record<string, string> } = { url };

  for (let step = 0; step < (options.maxSteps ?? 20); step++) {
    const response = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header() },
      ...(request.form ? { body: new URLSearchParams(request.form) } : {}),
    });
    jar.store(response);

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (next.origin !== origin) return { redirect: next };
      request = { url: next.href };
      continue;
    }

    const html = await response.text();
    const form = response.ok ? firstForm(html, request.url) : undefined;
    if (!form) return { page: { url: request.url, status: response.status, html } };
    if ('login' in form.fields) {
      form.fields.login ||= options.login ?? 'alice';
      form.fields.password ||= 'any password';
    }
    request = { url: form.action, form: form.fields };
  }
  throw new Error(`login did not finish within ${options.maxSteps ?? 20} steps (last: ${request.url})`);
}

/** Approves a device authorization as alice, as if she typed the user code on the verification page. */
export async function approveDevice(
  verificationUriComplete: string,
  options: LoginOptions = {},
): Promise<LoginOutcome> {
  return completeBrowserLogin(verificationUriComplete, options);
}
