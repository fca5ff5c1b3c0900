import { cacheDirFor } from '../app/cache-dir.ts';
import type { Collaborators } from '../app/chain.ts';
import { readConfigFile } from '../app/load-settings.ts';
import { obtainToken } from '../app/obtain.ts';
import { credentialHost, envForHostProfile, hostSection } from '../core/credential-host.ts';
import { NotAuthenticatedError } from '../core/errors.ts';
import type { Settings } from '../core/settings.ts';
import type { ResolvedToken } from '../core/token.ts';
import { cliCollaborators } from './collaborators.ts';
import { type CommandContext, cliIO, commandContext, type OptionSource } from './context.ts';
import { type CliIO, withEnv } from './io.ts';
import { cliStore } from './store.ts';

/** The username a tool is given with the token when the host's section names none. */
export const DEFAULT_USERNAME = 'oauth2';

export interface HelperContext extends CommandContext {
  /** `host` or `host:port`, as `[hosts."…"]` sections name it; undefined when the tool named none. */
  host?: string;
  username: string;
  collaborators: Collaborators;
  cacheDir?: string;
  /** Set when the host's profile set the environment's identity aside (what a failure then says). */
  setAside?: { by: string; profile: string; variables: string[] };
}

/**
 * What every credential helper does before it speaks its tool's protocol: the host the tool
 * asks about picks a `[hosts."HOST"]` section of config.toml (its profile unless --profile was
 * given, its username), then the settings load as for any command. A helper is asked on every
 * clone, pull and API call, so minted tokens go through the cache even outside CI: `auto` (the
 * user's runtime directory) unless --cache-dir / TOKENRELAY_CACHE_DIR says otherwise.
 */
export async function helperContext(cmd: OptionSource, server: string | undefined): Promise<HelperContext> {
  let io: CliIO = cliIO(cmd);
  let setAside: HelperContext['setAside'];
  const host = server ? credentialHost(server) : undefined;
  // Read once: the host's section picks the profile, then the same file gives the settings.
  const config = await readConfigFile(io.env);
  const section = hostSection(config, host);
  const profileFlag = cmd.optsWithGlobals<Record<string, unknown>>().profile as string | undefined;
  const extra = section?.profile && !profileFlag ? { profile: section.profile } : {};
  if (section) io.debug(`credential helper: ${host} uses [hosts."${section.host}"]`);
  const chosen = profileFlag ?? extra.profile;
  if (chosen) {
    // The host's section (or the helper's own --profile, as a kubeconfig's exec args give it)
    // names who answers: TOKENRELAY_* naming another server or client must not hand this host
    // that server's token (nor send its secret to this profile's server).
    const hostEnv = envForHostProfile(io.env, config?.profiles.get(chosen));
    if (hostEnv.setAside) {
      io.debug(`credential helper: ${hostEnv.setAside}`);
      setAside = {
        by: profileFlag
          ? `--profile ${chosen} names this helper's server`
          : `[hosts."${section?.host}"] gives this host profile ${chosen}`,
        profile: chosen,
        variables: hostEnv.dropped,
      };
      // A view of the same IO with the narrowed environment (its getters stay lazy).
      io = withEnv(io, hostEnv.env);
    }
  }
  const context = await commandContext(cmd, extra, io, { read: config });
  const settings: Settings = { ...context.settings, cacheDir: context.settings.cacheDir ?? 'auto' };
  const cacheDir = cacheDirFor(settings, io.env);
  return {
    ...context,
    settings,
    ...(host ? { host } : {}),
    username: section?.username ?? DEFAULT_USERNAME,
    collaborators: cliCollaborators(io, settings, context.jobParams, { write: true }),
    ...(cacheDir ? { cacheDir } : {}),
    ...(setAside ? { setAside } : {}),
  };
}

/** The one resolver, as `auth token` asks it: stored session refreshed, client credentials cached, federation. */
export async function helperToken(ctx: HelperContext): Promise<ResolvedToken> {
  const token = await obtainToken({
    settings: ctx.settings,
    env: ctx.io.env,
    method: 'auto',
    validate: 'never',
    collaborators: ctx.collaborators,
    debug: ctx.io.debug,
  }).catch((e: unknown) => {
    if (!(e instanceof NotAuthenticatedError) || !ctx.setAside) throw e;
    const { by, profile, variables } = ctx.setAside;
    throw new NotAuthenticatedError(
      `${by}, and it has no token; ` +
        `${variables.join(', ')} name another server or client and are not used for it. ` +
        `Log in for it ('tokenrelay auth login --profile ${profile}'), or give its client's secret ` +
        'in a shell whose TOKENRELAY_* name no other identity.',
    );
  });
  ctx.io.debug(`credential helper: token from ${token.sourceLabel}${ctx.host ? ` for ${ctx.host}` : ''}`);
  return token;
}

/** What `erase` and `docker logout` need: the cache and the store, as this command sees them. */
export function forgetDeps(ctx: HelperContext) {
  return {
    ...(ctx.cacheDir ? { cacheDir: ctx.cacheDir } : {}),
    store: cliStore(ctx.io),
    warn: (line: string) => ctx.io.err(`tokenrelay: warning: ${line}`),
  };
}
