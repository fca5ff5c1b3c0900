import { setupGitHelper } from '../../export/helper-setup.ts';
import { cliIO, type OptionSource } from '../context.ts';

/** `tokenrelay credential setup-git --host HOST`: git asks tokenrelay for that host's credentials. */
export async function runCredentialSetupGit(host: string, cmd: OptionSource): Promise<void> {
  const io = cliIO(cmd);
  const key = setupGitHelper(host, io.env);
  io.err(
    `tokenrelay: git now asks 'tokenrelay credential git' for ${key.slice('credential.'.length, -'.helper'.length)} (${key} in the global git config).`,
  );
}
