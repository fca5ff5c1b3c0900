/**
 * Where the tools look for their credential helpers: git's global config, a container
 * registry client's `credHelpers`, a kubeconfig `exec` user. Each entry names a command
 * (`tokenrelay …`), never a token: the tools ask the helper on every use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../core/errors.ts';
import { writeFileAtomic } from './atomic-write.ts';

type Env = Record<string, string | undefined>;

/** `https://host[:port]` for a bare host; a URL keeps its scheme (http only makes sense on loopback). */
export function gitCredentialUrl(host: string): string {
  const url = /^https?:\/\//i.test(host) ? new URL(host) : new URL(`https://${host}`);
  if (!url.hostname || (url.pathname !== '/' && url.pathname !== '') || url.username) {
    throw usageError(`'${host}' is not a host.`, 'Give the host alone, e.g. --host git.example.com.');
  }
  return `${url.protocol}//${url.host}`;
}

/**
 * The helper for one host in the user's global git config, as `gh auth setup-git` does: an
 * empty `helper` first resets the helpers inherited for that URL (a `store` helper would
 * otherwise answer first with a stale password), then `!tokenrelay credential git`.
 * Running it again leaves the same two lines.
 */
export function setupGitHelper(host: string, env: Env, command = 'tokenrelay'): string {
  const key = `credential.${gitCredentialUrl(host)}.helper`;
  const git = (args: string[]) =>
    execFileSync('git', ['config', '--global', ...args], { env, stdio: 'pipe' });
  try {
    git(['--replace-all', key, '']);
    git(['--add', key, `!${command} credential git`]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    const said =
      err.code === 'ENOENT'
        ? 'git is not on PATH'
        : String(err.stderr ?? '')
            .trim()
            .split('\n')[0];
    throw usageError(
      `Could not write ${key} to the global git config: ${said}.`,
      'Check that git runs and that ~/.gitconfig is writable.',
    );
  }
  return key;
}

/** docker's config.json: DOCKER_CONFIG, else ~/.docker (podman, skopeo and buildah read it too). */
export function dockerConfigPath(env: Env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

/** Adds `"credHelpers": {"<registry>": "tokenrelay"}` for each registry; every other key stays. */
export function setupDockerHelper(registries: readonly string[], path: string): void {
  let doc: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch {
      throw usageError(`${path} is not valid JSON.`, 'Fix or remove it, then run again.');
    }
  }
  const helpers = { ...((doc.credHelpers as Record<string, string> | undefined) ?? {}) };
  for (const registry of registries) helpers[registry] = 'tokenrelay';
  writeFileAtomic(path, `${JSON.stringify({ ...doc, credHelpers: helpers }, null, 2)}\n`, {
    what: 'docker config',
  });
}

/**
 * A kubeconfig holding one `exec` user named `tokenrelay` (JSON is YAML). Put first in
 * KUBECONFIG, it merges with the user's own files; a context chooses it with
 * `kubectl config set-context --current --user tokenrelay`. provideClusterInfo hands the
 * cluster's server to the helper, which picks its `[hosts."…"]` section.
 */
export function kubeconfigUser(command = 'tokenrelay'): string {
  const user = {
    name: 'tokenrelay',
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command,
        args: ['credential', 'kubectl'],
        interactiveMode: 'Never',
        provideClusterInfo: true,
      },
    },
  };
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'Config', users: [user] }, null, 2)}\n`;
}
