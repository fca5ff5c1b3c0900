import { credentialHost } from '../../core/credential-host.ts';
import { usageError } from '../../core/errors.ts';
import { dockerConfigPath, setupDockerHelper } from '../../export/helper-setup.ts';
import { cliIO, type OptionSource } from '../context.ts';

/**
 * `tokenrelay credential setup-docker --registry HOST`: a `credHelpers` entry in docker's
 * config.json, which docker, podman, skopeo and buildah all read; every other key stays. The
 * entry is the host as the clients name it (`registry.example.com`, `localhost:5000`).
 */
export async function runCredentialSetupDocker(registries: string[], cmd: OptionSource): Promise<void> {
  const io = cliIO(cmd);
  const hosts = registries.map((r) => {
    const host = credentialHost(r);
    if (!host)
      throw usageError(
        `'${r}' is not a registry host.`,
        'Give the host, e.g. --registry registry.example.com.',
      );
    return host;
  });
  const path = dockerConfigPath(io.env);
  setupDockerHelper(hosts, path);
  io.err(
    `tokenrelay: ${hosts.join(', ')} now ask docker-credential-tokenrelay for credentials (credHelpers in ${path}).`,
  );
}
