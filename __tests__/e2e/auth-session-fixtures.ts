/**
 * A "machine" for the auth session tests: its own HOME, config directory and working directory,
 * the CLI run in it as a child process, and ways to look at (and age) what login stored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cliScript, tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import type { ProfileApi } from '../../test-support/profile-api.ts';
import type { TestProvider } from '../../test-support/provider.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { deviceLogin } from '../../test-support/session-login.ts';

export interface Machine {
  home: string;
  cwd: string;
  configDir: string;
  /** HOME and TOKENRELAY_CONFIG_DIR; no D-Bus, so the file store unless a test adds one. */
  env: Record<string, string>;
}

export function machine(env: Record<string, string> = {}): Machine {
  const home = tempDir('home');
  const configDir = join(home, 'config');
  return { home, cwd: tempDir('workspace'), configDir, env: { TOKENRELAY_CONFIG_DIR: configDir, ...env } };
}

/** The CLI in `m`, with settings added to its environment (`TOKENRELAY_API_URL`…). */
export function cli(m: Machine, args: string[], env: Record<string, string> = {}, stdin?: string) {
  return runCli(args, {
    home: m.home,
    cwd: m.cwd,
    env: { ...m.env, ...env },
    script: cliScript(),
    ...(stdin !== undefined ? { stdin } : {}),
  });
}

export async function login(
  m: Machine,
  provider: TestProvider,
  opts: { apiUrl?: string; args?: string[] } = {},
) {
  return deviceLogin({
    issuer: provider.issuer,
    clientId: provider.clients.native.clientId,
    env: { ...m.env },
    home: m.home,
    cwd: m.cwd,
    ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
    args: opts.args ?? ['--insecure-storage'],
  });
}

export const credentialsFile = (m: Machine) => join(m.configDir, 'credentials.json');

type Json = Record<string, unknown>;

export function stored(
  m: Machine,
  environment: string,
  kind: 'oauth' | 'static' | 'client',
): Json | undefined {
  const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8')) as { credentials: Record<string, Json> };
  return doc.credentials[environment]?.[kind] as Json | undefined;
}

/** Time passes: the session was saved `savedAgo` seconds ago and expires in `expiresIn` (negative: expired). */
export function ageSession(m: Machine, environment: string, expiresIn: number, savedAgo = 3600): void {
  const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8'));
  const session = doc.credentials[environment].oauth;
  session.expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString();
  session.savedAt = new Date(Date.now() - savedAgo * 1000).toISOString();
  writeFileSync(credentialsFile(m), JSON.stringify(doc, null, 2), { mode: 0o600 });
}

/** Every secret the store holds now, by name, for the leak scanner. */
export function storedSecrets(m: Machine): Record<string, string> {
  const doc = JSON.parse(readFileSync(credentialsFile(m), 'utf8')) as { credentials: Record<string, Json> };
  const secrets: Record<string, string> = {};
  for (const [environment, entries] of Object.entries(doc.credentials)) {
    for (const [kind, record] of Object.entries(entries as Record<string, Json>)) {
      for (const field of ['accessToken', 'refreshToken', 'idToken', 'token', 'clientSecret']) {
        if (typeof record[field] === 'string') secrets[`${kind}.${field} of ${environment}`] = record[field];
      }
    }
  }
  return secrets;
}

/**
 * Secrets appear nowhere but where they belong: stdout only when it is `auth token`'s answer
 * (`stdoutMayHold`), never in stderr, never in the working directory.
 */
export function assertClean(
  m: Machine,
  secrets: Record<string, string>,
  runs: { stdout: string; stderr: string }[],
  stdoutMayHold: string[] = [],
): void {
  runs.forEach((run, i) => {
    assertNoLeaks({ secrets, texts: { [`stderr of run ${i}`]: run.stderr } });
    const others = Object.fromEntries(Object.entries(secrets).filter(([, v]) => !stdoutMayHold.includes(v)));
    if (Object.keys(others).length)
      assertNoLeaks({ secrets: others, texts: { [`stdout of run ${i}`]: run.stdout } });
  });
  assertNoLeaks({ secrets, dirs: [m.cwd] });
}

/** The API accepts the token (its profile endpoint answers 200). */
export async function expectAccepted(api: ProfileApi, token: string): Promise<void> {
  const res = await fetch(api.profileUrl, { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  expect(res.status).toBe(200);
}

/** grant_type=refresh_token requests the provider has seen since its last reset. */
export const refreshRequests = (provider: TestProvider) =>
  provider.tokenRequests().filter((r) => r.form?.grant_type === 'refresh_token');
