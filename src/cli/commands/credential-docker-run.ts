import { forgetCachedFor } from '../../app/forget-token.ts';
import { readConfigFile } from '../../app/load-settings.ts';
import { NotAuthenticatedError, toTokenRelayError, usageError } from '../../core/errors.ts';
import { registerSecret, scrub } from '../../core/secrets.ts';
import { VERSION } from '../../core/version.ts';
import {
  DOCKER_NOT_FOUND,
  formatDockerCredential,
  parseDockerStore,
} from '../../export/docker-credential.ts';
import { cliIO, type OptionSource } from '../context.ts';
import { DEFAULT_USERNAME, forgetDeps, helperContext, helperToken } from '../credential-helper.ts';
import type { CliIO } from '../io.ts';

export const DOCKER_ACTIONS = ['get', 'store', 'erase', 'list', 'version'] as const;

/**
 * `tokenrelay credential docker ACTION` (and `docker-credential-tokenrelay ACTION`), as
 * docker, podman, skopeo and buildah run a `credHelpers` helper. A failure is its message on
 * stdout (the client shows it) as well as on stderr; "not authenticated" is the protocol's
 * "credentials not found", so the client carries on anonymously, as with any other helper.
 */
export async function runCredentialDocker(action: string, cmd: OptionSource): Promise<void> {
  const io = cliIO(cmd);
  try {
    switch (action) {
      case 'get':
        return await get(io, cmd);
      case 'store':
        return await store(io);
      case 'erase':
        return await erase(io, cmd);
      case 'list':
        return await list(io);
      case 'version':
        io.out(`tokenrelay ${VERSION}\n`);
        return;
      default:
        throw usageError(
          `Unknown credential helper action '${action}'.`,
          `Use one of: ${DOCKER_ACTIONS.join(', ')}.`,
        );
    }
  } catch (e) {
    const error = toTokenRelayError(e);
    io.out(`${e instanceof NotAuthenticatedError ? DOCKER_NOT_FOUND : scrub(error.describe())}\n`);
    throw error;
  }
}

async function get(io: CliIO, cmd: OptionSource): Promise<void> {
  const server = (await io.readStdin()).trim();
  if (!server)
    throw usageError(
      'No registry was given on stdin.',
      'Run as: echo REGISTRY | docker-credential-tokenrelay get',
    );
  const ctx = await helperContext(cmd, server);
  const token = await helperToken(ctx);
  io.out(formatDockerCredential(server, token, ctx.username));
}

async function store(io: CliIO): Promise<void> {
  const { serverUrl, secret } = parseDockerStore(await io.readStdin());
  // What `docker login` was given is a secret the moment it arrives, even though it is not kept.
  registerSecret(secret);
  throw usageError(
    `tokenrelay mints a token for ${serverUrl ?? 'the registry'} on each use and stores no registry password.`,
    'Skip docker login for this registry: the credHelpers entry is all it needs.',
  );
}

/** `docker logout`: the next `get` mints afresh; a stored session is left logged in. */
async function erase(io: CliIO, cmd: OptionSource): Promise<void> {
  const server = (await io.readStdin()).trim();
  const ctx = await helperContext(cmd, server || undefined);
  const dropped = await forgetCachedFor(ctx.settings, io.env, forgetDeps(ctx), ctx.jobParams);
  io.debug(`credential helper: erase dropped ${dropped} cached token(s)`);
}

/** The registries config.toml names, with their usernames: what this helper answers for by design. */
async function list(io: CliIO): Promise<void> {
  const config = await readConfigFile(io.env);
  const entries = [...(config?.hosts.values() ?? [])].map((h) => [h.host, h.username ?? DEFAULT_USERNAME]);
  io.out(`${JSON.stringify(Object.fromEntries(entries))}\n`);
}
