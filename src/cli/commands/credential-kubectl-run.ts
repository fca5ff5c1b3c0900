import { usageError } from '../../core/errors.ts';
import { isLoopbackHost } from '../../core/loopback.ts';
import { formatExecCredential, parseExecInfo } from '../../export/exec-credential.ts';
import { cliIO, type OptionSource } from '../context.ts';
import { helperContext, helperToken } from '../credential-helper.ts';

/**
 * `tokenrelay credential kubectl`: a kubeconfig `exec` user. kubectl describes the call in
 * KUBERNETES_EXEC_INFO (the cluster's server with provideClusterInfo: true, which picks a
 * `[hosts."…"]` section; --profile in the exec args does too). Nothing here ever prompts —
 * whatever interactiveMode says — so `Never` holds by construction: with no token the error
 * says which command to run, on stderr, which kubectl shows with the non-zero exit.
 */
export async function runCredentialKubectl(cmd: OptionSource): Promise<void> {
  const io = cliIO(cmd);
  const info = parseExecInfo(io.env.KUBERNETES_EXEC_INFO);
  if (info.server?.startsWith('http://') && !isLoopbackHost(new URL(info.server).hostname)) {
    throw usageError(
      `The cluster ${new URL(info.server).host} is reached over plain http; tokenrelay sends a token over https only (plain http only to this machine).`,
      'Use the https address of the API server in the kubeconfig.',
    );
  }
  const ctx = await helperContext(cmd, info.server);
  io.debug(
    `credential helper: kubectl ${info.apiVersion}, ${info.interactive ? 'interactive' : 'not interactive'}`,
  );
  const token = await helperToken(ctx);
  io.out(formatExecCredential(info, token));
}
