/**
 * A machine for the credential-helper tests: a HOME the tools write their own config to, a
 * tokenrelay config directory and a runtime directory (where the helpers cache minted tokens)
 * beside it, and the committed CLI bundle on PATH as `tokenrelay` and
 * `docker-credential-tokenrelay`. The tools run as real child processes with that PATH.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { cliOnPath } from '../../test-support/cli-on-path.ts';
import { tempDir } from '../../test-support/cli-process.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import type { TestProvider } from '../../test-support/provider.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { deviceLogin } from '../../test-support/session-login.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface HelperMachine {
  home: string;
  configDir: string;
  runtimeDir: string;
  work: string;
  bin: string;
  env: Record<string, string>;
}

export function helperMachine(extraEnv: Record<string, string> = {}): HelperMachine {
  const home = tempDir('helper-home');
  const configDir = tempDir('helper-config');
  const runtimeDir = tempDir('helper-runtime');
  const work = tempDir('helper-work');
  const bin = cliOnPath();
  symlinkSync(
    join(root, 'dist/cli/docker-credential-tokenrelay.mjs'),
    join(bin, 'docker-credential-tokenrelay'),
  );
  const env = {
    HOME: home,
    PATH: `${bin}:/usr/bin:/bin`,
    LANG: 'C.UTF-8',
    TOKENRELAY_CONFIG_DIR: configDir,
    XDG_RUNTIME_DIR: runtimeDir,
    // Short-lived test tokens are reused for most of their life, even on a loaded machine.
    TOKENRELAY_REFRESH_WINDOW_SECONDS: '2',
    ...extraEnv,
  };
  return { home, configDir, runtimeDir, work, bin, env };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A tool (git, skopeo, kubectl) run on the machine, as a person or a CI step runs it. */
export function tool(
  m: HelperMachine,
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = m.work,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...m.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The CLI itself on the machine (setup commands, a protocol call by hand). */
export function cli(m: HelperMachine, args: string[], env: Record<string, string> = {}, stdin?: string) {
  return runCli(args, {
    home: m.home,
    cwd: m.work,
    env: { ...m.env, ...env },
    ...(stdin !== undefined ? { stdin } : {}),
  });
}

/** A real session: `auth login --device` approved on the provider's pages, saved in the 0600 file. */
export async function loginSession(m: HelperMachine, provider: TestProvider): Promise<void> {
  await deviceLogin({
    issuer: provider.issuer,
    clientId: provider.clients.native.clientId,
    env: m.env,
    home: m.home,
    cwd: m.work,
    args: ['--insecure-storage'],
  });
}

type Json = Record<string, unknown>;

/** The stored session's tokens, by name (they belong in the credentials file and nowhere else). */
export function sessionSecrets(m: HelperMachine): Record<string, string> {
  const doc = JSON.parse(readFileSync(join(m.configDir, 'credentials.json'), 'utf8')) as {
    credentials: Record<string, Record<string, Json>>;
  };
  const out: Record<string, string> = {};
  for (const [environment, kinds] of Object.entries(doc.credentials)) {
    for (const field of ['accessToken', 'refreshToken', 'idToken'] as const) {
      const value = kinds.oauth?.[field];
      if (typeof value === 'string') out[`${field} of ${environment}`] = value;
    }
  }
  return out;
}

/** Client credentials from the environment, as a CI job or cron script gives them. */
export const clientCredentialsEnv = (provider: TestProvider) => ({
  TOKENRELAY_ISSUER: provider.issuer,
  TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: provider.clients.basic.clientSecret,
});

/**
 * No token in anything a tool printed or wrote: its output, HOME (git config, docker config,
 * kubeconfig), the working tree and what the test's servers keep. The tokenrelay config and
 * runtime directories hold tokens by design (the session, the cache) and are not scanned.
 */
export function assertNoTokenLeft(
  m: HelperMachine,
  secrets: Record<string, string>,
  runs: Run[],
  dirs: string[] = [],
): void {
  expect(Object.keys(secrets).length).toBeGreaterThan(0);
  const texts: Record<string, string> = {};
  runs.forEach((r, i) => {
    texts[`stdout of run ${i}`] = r.stdout;
    texts[`stderr of run ${i}`] = r.stderr;
  });
  // Besides tokenrelay's own cache, the runtime directory is where podman and skopeo keep state.
  const runtime = readdirSync(m.runtimeDir)
    .filter((name) => name !== 'tokenrelay')
    .map((name) => join(m.runtimeDir, name));
  assertNoLeaks({ secrets, texts, dirs: [m.home, m.work, ...runtime, ...dirs] });
}

/** Every distinct token the server was shown, by name, for the leak scanner. */
export function presentedSecrets(presented: readonly string[]): Record<string, string> {
  return Object.fromEntries([...new Set(presented)].map((t, i) => [`presented token ${i + 1}`, t]));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
