/**
 * `credential-helpers`: the job's later steps get their tokens where git, the container
 * registry clients and kubectl ask for credentials — `tokenrelay credential …` on PATH, asked
 * on each use, so a token never sits in a tool's config and never goes stale mid-job. All of
 * it through variables the runner scopes to the job (GITHUB_ENV), nothing in the user's own
 * ~/.gitconfig, ~/.docker or ~/.kube: a self-hosted runner's next job finds them as they were.
 *
 *   git: HOST      GIT_CONFIG_COUNT/KEY/VALUE: credential.https://HOST.helper (reset, then ours)
 *   docker: HOST   DOCKER_CONFIG and REGISTRY_AUTH_FILE -> $RUNNER_TEMP/tokenrelay-docker/config.json,
 *                  the user's docker config with credHelpers {HOST: tokenrelay} added
 *   kubectl        KUBECONFIG -> $RUNNER_TEMP/tokenrelay-kube/config (an exec user named
 *                  `tokenrelay`) first, then the user's own kubeconfig
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { credentialHost } from '../core/credential-host.ts';
import {
  dockerConfigPath,
  gitCredentialUrl,
  kubeconfigUser,
  setupDockerHelper,
} from '../export/helper-setup.ts';
import type { Runner } from '../export/runner.ts';
import { shellQuote } from '../export/shell-quote.ts';

import type { HelperRequest } from './credential-helpers-input.ts';

export interface HelperSetupDeps {
  runner: Runner;
  env: Record<string, string | undefined>;
  /** The directory install-cli put the launchers in (`tokenrelay`, `docker-credential-tokenrelay`). */
  cliDir: string;
}

/** Configures each requested tool for the later steps; returns one line per tool for the log. */
export function configureCredentialHelpers(
  requests: readonly HelperRequest[],
  deps: HelperSetupDeps,
): string[] {
  const said: string[] = [];
  const launcher = shellQuote(join(deps.cliDir, 'tokenrelay'));
  for (const { tool, hosts } of requests) {
    if (tool === 'git') said.push(configureGit(hosts, launcher, deps));
    if (tool === 'docker') said.push(configureDocker(hosts, deps));
    if (tool === 'kubectl') said.push(configureKubectl(deps));
  }
  return said;
}

/** git 2.31+ reads config from GIT_CONFIG_COUNT/KEY_n/VALUE_n; pairs already there are kept. */
function configureGit(hosts: string[], launcher: string, { runner, env }: HelperSetupDeps): string {
  let count = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10) || 0;
  const add = (key: string, value: string) => {
    runner.exportVariable(`GIT_CONFIG_KEY_${count}`, key);
    runner.exportVariable(`GIT_CONFIG_VALUE_${count}`, value);
    count++;
  };
  const urls = hosts.map(gitCredentialUrl);
  for (const url of urls) {
    add(`credential.${url}.helper`, '');
    add(`credential.${url}.helper`, `!${launcher} credential git`);
  }
  runner.exportVariable('GIT_CONFIG_COUNT', String(count));
  return `git asks tokenrelay for ${urls.join(', ')}`;
}

function configureDocker(hosts: string[], { runner, env }: HelperSetupDeps): string {
  const dir = join(env.RUNNER_TEMP!, 'tokenrelay-docker');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'config.json');
  // The user's own config is the start (their auths, other credHelpers), unless already ours.
  const own = dockerConfigPath(env);
  if (own !== path && existsSync(own) && !existsSync(path))
    writeFileSync(path, readFileSync(own), { mode: 0o600 });
  const registries = hosts.map((h) => credentialHost(h)!);
  setupDockerHelper(registries, path);
  runner.exportVariable('DOCKER_CONFIG', dir);
  runner.exportVariable('REGISTRY_AUTH_FILE', path);
  return `registry clients ask docker-credential-tokenrelay for ${registries.join(', ')}`;
}

function configureKubectl({ runner, env, cliDir }: HelperSetupDeps): string {
  const dir = join(env.RUNNER_TEMP!, 'tokenrelay-kube');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'config');
  writeFileSync(path, kubeconfigUser(join(cliDir, 'tokenrelay')), { mode: 0o600 });
  const theirs = env.KUBECONFIG || join(env.HOME || homedir(), '.kube', 'config');
  const list = [path, ...theirs.split(delimiter).filter((p) => p && p !== path)];
  runner.exportVariable('KUBECONFIG', list.join(delimiter));
  return "kubectl has a user 'tokenrelay' (KUBECONFIG); make a context use it (kubectl config set-context)";
}
