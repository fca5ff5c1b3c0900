/**
 * Debian's headless chromium, driven by playwright-core, for the login end-to-end tests.
 * The flags keep Chromium off the network it would otherwise try on its own (updates,
 * sync, QUIC probes): this machine only reaches loopback, and refused connections there
 * slow every page down.
 */
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TOKENRELAY_TEST_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface SignInOutcome {
  /** The URL the browser was on when the walk ended. */
  url: string;
  /** The title of the last page (e.g. the listener's "Signed in to tokenrelay"). */
  title: string;
}

export interface SignInOptions {
  /** Default `alice`, the provider's only account. */
  login?: string;
  /** Ends the walk early, e.g. once an intercepted redirect has been captured. */
  done?: () => boolean;
}

/**
 * Walks the test provider's development pages as a consenting user — device confirmation,
 * sign-in form (login `alice`, any password), consent — until the browser leaves the
 * provider's origin (the loopback callback) or the provider says the sign-in succeeded.
 */
export async function signInWithBrowser(
  page: Page,
  url: string,
  opts: SignInOptions = {},
): Promise<SignInOutcome> {
  const providerOrigin = new URL(url).origin;
  await page.goto(url).catch(() => undefined);
  for (let step = 0; step < 10; step++) {
    const here = page.url();
    if (opts.done?.() || !here.startsWith(providerOrigin) || /Sign-in Success/.test(await page.title()))
      break;
    const loginField = await page.$('input[name=login]');
    if (loginField) {
      await loginField.fill(opts.login ?? 'alice');
      await page.fill('input[name=password]', 'any password');
    }
    const submit = await page.$('button[type=submit]:not([name=abort])');
    if (!submit) throw new Error(`no form to submit on ${here}: ${(await page.content()).slice(0, 500)}`);
    // An aborted navigation (a test intercepting the redirect) is an outcome, not a failure.
    await Promise.all([page.waitForNavigation().catch(() => undefined), submit.click()]);
  }
  return { url: page.url(), title: await page.title().catch(() => '') };
}
