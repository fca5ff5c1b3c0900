import type { Command } from 'commander';
import { DEFAULT_LOGIN_TIMEOUT_SECONDS } from '../../login/login-timeout.ts';
import { ARGV_SECRET, addSettingOptions } from '../global-options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `tokenrelay auth login`: sign in once; every later command and script finds the session. */
export function registerAuthLogin(auth: Command): void {
  const cmd = auth
    .command('login')
    .description('Sign in (browser, pasted URL or device code) or save an API token, and store it')
    .option('--port <list>', 'callback ports to try, e.g. 8765-8769 or 8765,8766 (default: a random port)')
    .option('--no-browser', 'do not open a browser: print the URL and paste back where it ends up')
    .option('--device', 'use the device code flow: enter a code on any device')
    .option('--with-token <token>', `save this API token after checking it; ${ARGV_SECRET}`)
    .option('--token-stdin', 'save the API token read from stdin after checking it')
    .option(
      '--insecure-storage',
      'store credentials in credentials.json (0600) even when a keychain is available',
    )
    .option('--param <name=value>', 'extra parameter on every request of the login (repeatable)', collect)
    .option(
      '--login-timeout <seconds>',
      `how long to wait for the sign-in, default ${DEFAULT_LOGIN_TIMEOUT_SECONDS}`,
    );
  addSettingOptions(cmd, 'login').action(async (_opts, command: Command) => {
    // Loaded only when login runs: other commands must not pay for its code.
    const { runAuthLogin } = await import(/* webpackMode: "eager" */ './auth-login-run.ts');
    await runAuthLogin(command);
  });
}
