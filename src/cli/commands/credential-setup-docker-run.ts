import { dockerConfigPath, setupDockerHelper } from '../../export/helper-setup.ts';
import { cliIO, type OptionSource } from '../context.ts';

/**
 * `tokenrelay credential setup-docker --registry HOST`: a `credHelpers` entry in docker's
 * config.json, which docker, podman, skopeo and buildah all read; every other key stays.
 */
export async function runCredentialSetupDocker(registries: string[], cmd: OptionSource): Promise<void> {
  const io = cliIO(cmd);
  const path = dockerConfigPath(io.env);
  setupDockerHelper(registries, path);
  io.err(
    `tokenrelay: ${registries.join(', ')} now ask docker-credential-tokenrelay for credentials (credHelpers in ${path}).`,
  );
}
