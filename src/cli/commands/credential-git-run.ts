import { forgetRejectedToken } from '../../app/forget-token.ts';
import { isLoopbackHost } from '../../core/loopback.ts';
import { registerSecret } from '../../core/secrets.ts';
import {
  formatGitCredential,
  type GitCredentialRequest,
  parseGitCredential,
} from '../../export/git-credential.ts';
import { cliIO, type OptionSource } from '../context.ts';
import { forgetDeps, helperContext, helperToken } from '../credential-helper.ts';

/**
 * `tokenrelay credential git get|store|erase`, as git runs a helper (`git help credential`).
 * `get` answers for http(s) only; when tokenrelay has no token the error goes to stderr, stdout
 * stays empty and the exit is non-zero, so git asks its next helper (or the terminal).
 * `store` keeps nothing (each `get` asks the resolver); `erase` of a token the server rejected
 * drops it, so the next `get` mints or refreshes. Other actions are ignored, as git asks.
 */
export async function runCredentialGit(action: string, cmd: OptionSource): Promise<void> {
  const io = cliIO(cmd);
  const request = parseGitCredential(await io.readStdin());
  registerSecret(request.password);
  registerSecret(request.credential);
  if (action === 'get') return get(request, cmd);
  if (action === 'erase') return erase(request, cmd);
}

async function get(request: GitCredentialRequest, cmd: OptionSource): Promise<void> {
  if (request.protocol !== 'https' && request.protocol !== 'http') return;
  const ctx = await helperContext(cmd, request.host);
  const hostname = ctx.host ? new URL(`http://${ctx.host}`).hostname : '';
  if (request.protocol === 'http' && !isLoopbackHost(hostname)) {
    // Plain http would carry the token in clear; git's next helper (or the prompt) decides.
    ctx.io.err(
      `tokenrelay: not answering for http://${ctx.host ?? ''}: a token goes over https only (plain http only to this machine).`,
    );
    return;
  }
  const token = await helperToken(ctx);
  ctx.io.out(formatGitCredential(request, token, ctx.username));
}

async function erase(request: GitCredentialRequest, cmd: OptionSource): Promise<void> {
  const rejected = request.credential ?? request.password;
  if (!rejected) return;
  const ctx = await helperContext(cmd, request.host);
  const dropped = await forgetRejectedToken(rejected, forgetDeps(ctx));
  ctx.io.debug(`credential helper: erase dropped ${dropped.length ? dropped.join(', ') : 'nothing'}`);
}
