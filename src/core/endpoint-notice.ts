import { urlOrigin } from './identity.ts';
import type { Origin, Settings } from './settings.ts';

export interface EndpointNotice {
  /** Which token endpoint is used and where it came from (--verbose, the Action's log). */
  info?: string;
  /** The endpoint the credentials go to is not on the issuer's origin. */
  warning?: string;
}

/**
 * A configured token endpoint wins over the issuer's discovery, so a token endpoint from
 * one layer (say, a config file) silently redirects client credentials meant for an issuer
 * given in another (a flag). Say which endpoint is used and where it came from, and warn
 * when it is not on the issuer's origin.
 */
export function endpointNotice(
  s: Pick<Settings, 'issuer' | 'tokenEndpoint' | 'origins' | 'configPath' | 'profile'>,
): EndpointNotice {
  if (!s.issuer || !s.tokenEndpoint) return {};
  const endpointFrom = originLabel(
    s,
    s.origins.tokenEndpoint,
    'token_endpoint',
    'TOKENRELAY_TOKEN_ENDPOINT',
    '--token-endpoint / the token-endpoint input',
  );
  const issuerFrom = originLabel(
    s,
    s.origins.issuer,
    'issuer',
    'TOKENRELAY_ISSUER',
    '--issuer / the issuer input',
  );
  const notice: EndpointNotice = {};
  if (s.origins.tokenEndpoint !== s.origins.issuer) {
    notice.info = `token endpoint ${s.tokenEndpoint} (from ${endpointFrom}) is used, not discovery from the issuer ${s.issuer} (from ${issuerFrom})`;
  }
  const endpointOrigin = urlOrigin(s.tokenEndpoint);
  if (endpointOrigin !== urlOrigin(s.issuer)) {
    notice.warning =
      `The token endpoint ${s.tokenEndpoint} (from ${endpointFrom}) is not on the issuer's origin ${urlOrigin(s.issuer)} (issuer from ${issuerFrom}): client credentials go to ${endpointOrigin}. ` +
      'If that is not intended, remove the token endpoint setting so it is discovered from the issuer.';
  }
  return notice;
}

function originLabel(
  s: Pick<Settings, 'configPath' | 'profile'>,
  origin: Origin | undefined,
  configKey: string,
  env: string,
  flag: string,
): string {
  if (origin === 'config')
    return `${configKey} in ${s.configPath ?? 'the config file'} [profiles.${s.profile}]`;
  if (origin === 'env') return env;
  if (origin === 'job') return `${env}, set by the Action for this job`;
  if (origin === 'flag') return flag;
  return 'the defaults';
}
