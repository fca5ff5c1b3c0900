/**
 * Seeds a real OAuth session the way a person does: `tokenrelay auth login --device` as a
 * child process against the test provider, the user code approved on the provider's own pages
 * (fetch with a cookie jar). What is stored is what the real login stored, refresh token included.
 */
import { type CliResult, startCli } from './cli-process.ts';
import { approveDevice } from './provider-login.ts';

export interface DeviceLoginOptions {
  issuer: string;
  clientId: string;
  /** The environment the session is for; without it the session is filed under the issuer. */
  apiUrl?: string;
  env: Record<string, string | undefined>;
  home: string;
  cwd: string;
  /** Extra flags, e.g. `--insecure-storage`. */
  args?: string[];
}

export async function deviceLogin(opts: DeviceLoginOptions): Promise<CliResult> {
  const args = ['auth', 'login', '--device', '--issuer', opts.issuer, '--client-id', opts.clientId];
  if (opts.apiUrl) args.push('--api-url', opts.apiUrl);
  const cli = startCli([...args, ...(opts.args ?? [])], { env: opts.env, home: opts.home, cwd: opts.cwd });
  const [, complete] = await cli.waitForStderr(/Or open (\S+) to have the code filled in/);
  const outcome = await approveDevice(complete!);
  if (outcome.page && !/success/i.test(outcome.page.html)) {
    cli.child.kill();
    throw new Error(`device approval did not succeed: HTTP ${outcome.page.status} at ${outcome.page.url}`);
  }
  const result = await cli.exited;
  if (result.code !== 0) throw new Error(`auth login --device exited ${result.code}:\n${result.stderr}`);
  return result;
}
