import * as oauth from 'oauth4webapi';
import { normaliseEnvironment } from '../core/environment.ts';
import { usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import type { Settings } from '../core/settings.ts';
import type { Identity } from '../core/token.ts';
import {
  browserLogin,
  deviceCodeLogin,
  type InteractiveDeps,
  pasteBackLogin,
} from '../login/interactive-flows.ts';
import { DEFAULT_LOGIN_TIMEOUT_SECONDS } from '../login/login-timeout.ts';
import type { LoginTarget, LoginTokens } from '../oauth/authorization-code.ts';
import { clientAuthentication } from '../oauth/client-auth.ts';
import { discover } from '../oauth/discovery.ts';
import { idTokenAlgsOf } from '../oauth/id-token-algs.ts';
import { loginPrompt, loginScope } from '../oauth/login-scope.ts';
import { tokenEndpointOf } from '../oauth/token-endpoint.ts';
import { discoveryNames, transportOptions } from '../sources/configured-client.ts';
import type { CredentialStore, OAuthRecord, StaticRecord } from '../store/types.ts';
import { chooseLoginClient } from './login-client.ts';
import { captureIdentity, scoped } from './login-identity.ts';
import { checkedParams, loginErrorWords } from './login-words.ts';
import { validateWithSettings } from './validate-token.ts';

export type LoginMode = 'browser' | 'paste' | 'device' | 'token';

export interface LoginRequest {
  settings: Settings;
  mode: LoginMode;
  /** `--with-token` / `--token-stdin` (mode 'token'); registered as a secret by the caller. */
  token?: string;
  /** `--port`: fixed callback ports, tried in order; empty means a random port. */
  ports?: readonly number[];
  /** How long to wait for the person at the browser. Default 300. */
  loginTimeoutSeconds?: number;
  /** `--param name=value`: sent with every request of the login. */
  params?: Record<string, string>;
}

/** What a face needs from its surroundings; tests pass their own. */
export interface LoginDeps extends InteractiveDeps {
  /** Opened only when something is to be read or saved, so a bad flag never touches the keychain. */
  openStore: () => Promise<CredentialStore>;
}

export interface LoginResult {
  environment: string;
  method: 'oauth' | 'token';
  identity?: Identity;
  tenant?: string;
  workspace?: string;
  /** Where the credential went: "the OS keychain (…)" or the credentials.json path. */
  storage: string;
  expiresAt?: Date;
  clientId?: string;
}

/** `auth login` for every face: the chosen flow, identity capture, then one save. */
export async function login(req: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  return req.mode === 'token' ? saveStaticToken(req, deps) : oauthLogin(req, deps);
}

async function saveStaticToken(req: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  const { settings } = req;
  const token = registerSecret(req.token?.trim());
  if (!token)
    throw usageError(
      'The token to save is empty.',
      'Pass it with --with-token or on stdin with --token-stdin.',
    );
  if (!settings.apiUrl) {
    throw usageError(
      'Saving a token needs the API it is for, to check it first.',
      'Set --api-url (TOKENRELAY_API_URL or api_url in config.toml).',
    );
  }
  // Checked before anything is opened or written: a rejected token leaves no trace.
  const { apiUrl } = settings;
  const identity = await validateWithSettings(
    token,
    { ...settings, apiUrl },
    transportOptions(settings, deps.debug),
    settings,
  );
  const environment = normaliseEnvironment(settings.apiUrl);
  const store = await deps.openStore();
  const record: StaticRecord = {
    kind: 'static',
    environment,
    savedAt: new Date().toISOString(),
    token,
    ...scoped(settings, identity, await previousScope(store, environment)),
  };
  await store.put(record);
  return summary(record, 'token', store);
}

async function oauthLogin(req: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  const { settings } = req;
  if (!settings.issuer) {
    throw usageError(
      'Logging in needs the OAuth/OpenID issuer.',
      'Set --issuer (TOKENRELAY_ISSUER or issuer in config.toml), or save a token with --with-token.',
    );
  }
  const transport = transportOptions(settings, deps.debug);
  const server = await discover(settings.issuer, transport, discoveryNames(settings));
  const environment = normaliseEnvironment(settings.apiUrl ?? settings.issuer);
  const given = req.ports ?? [];
  let store: Promise<CredentialStore> | undefined;
  const openStore = () => (store ??= deps.openStore());
  const client = await chooseLoginClient({
    settings,
    server,
    environment,
    ports: given,
    redirects: req.mode !== 'device',
    transport,
    store: openStore,
    debug: deps.debug,
  });
  deps.debug(`login: client ${client.clientId} (${client.origin})`);
  const ports = client.ports ?? given;
  const clientAuth = client.clientSecret
    ? clientAuthentication({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        method: settings.clientAuth,
      }).auth
    : oauth.None();
  const scope = loginScope(server, settings.scope);
  const prompt = loginPrompt(scope, settings.prompt);
  const target: LoginTarget = {
    scope,
    ...(prompt ? { prompt } : {}),
    ...(settings.resource.length ? { resource: settings.resource } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
    ...(req.params && Object.keys(req.params).length ? { params: checkedParams(req.params) } : {}),
  };
  const flow = {
    server,
    clientId: client.clientId,
    clientAuth,
    target,
    transport,
    ports,
    timeoutMs: (req.loginTimeoutSeconds ?? DEFAULT_LOGIN_TIMEOUT_SECONDS) * 1000,
    deps,
    errors: loginErrorWords(settings, client),
  };
  const tokens: LoginTokens =
    req.mode === 'device'
      ? await deviceCodeLogin(flow)
      : req.mode === 'paste'
        ? await pasteBackLogin(flow)
        : await browserLogin(flow);

  const { token, idClaims } = tokens;
  const kept = await previousScope(await openStore(), environment);
  const captured = await captureIdentity(settings, token.accessToken, idClaims, transport, kept);
  const record: OAuthRecord = {
    kind: 'oauth',
    environment,
    savedAt: new Date().toISOString(),
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
    ...(token.scope ? { scope: token.scope } : {}),
    ...(token.idToken ? { idToken: token.idToken } : {}),
    issuer: server.issuer,
    clientId: client.clientId,
    tokenEndpoint: tokenEndpointOf(server),
    idTokenAlgs: idTokenAlgsOf(server),
    ...revocationOf(settings, server),
    ...captured,
  };
  const opened = await openStore();
  await opened.put(record);
  const result = summary(record, 'oauth', opened);
  if (token.expiresAt) result.expiresAt = token.expiresAt;
  result.clientId = client.clientId;
  return result;
}

function summary(
  record: StaticRecord | OAuthRecord,
  method: LoginResult['method'],
  store: CredentialStore,
): LoginResult {
  const result: LoginResult = { environment: record.environment, method, storage: store.location };
  if (record.identity) result.identity = record.identity;
  if (record.tenant) result.tenant = record.tenant;
  if (record.workspace) result.workspace = record.workspace;
  return result;
}

/** The tenant and workspace the login being replaced used, if any (an unreadable record: none). */
async function previousScope(
  store: CredentialStore,
  environment: string,
): Promise<{ tenant?: string; workspace?: string }> {
  for (const kind of ['oauth', 'static'] as const) {
    const record = await store.get(environment, kind).catch(() => undefined);
    if (record?.tenant || record?.workspace) {
      return {
        ...(record.tenant ? { tenant: record.tenant } : {}),
        ...(record.workspace ? { workspace: record.workspace } : {}),
      };
    }
  }
  return {};
}

/** Where logout will revoke the session: the setting, else what discovery found. */
function revocationOf(settings: Settings, server: { revocation_endpoint?: string }) {
  const endpoint = settings.revocationEndpoint ?? server.revocation_endpoint;
  return endpoint ? { revocationEndpoint: endpoint } : {};
}
