import { createServer } from 'node:net';
import type * as oauth from 'oauth4webapi';
import { authError } from '../core/errors.ts';
import type { TransportOptions } from '../http/types.ts';
import {
  authorizationUrl,
  checkCallback,
  exchangeCode,
  type LoginErrorWords,
  type LoginTarget,
  type LoginTokens,
} from '../oauth/authorization-code.ts';
import { deviceLogin } from '../oauth/device-flow.ts';
import { describeDuration } from '../oauth/duration.ts';
import { newPkceAttempt } from '../oauth/pkce.ts';
import { CALLBACK_PATH, listenForCallback } from './loopback-listener.ts';
import { readPastedCallback } from './paste-back.ts';

/** What the flows need from the face's surroundings; tests pass their own. */
export interface InteractiveDeps {
  /** A line for the person (stderr); already scrubbed by the face. */
  say: (line: string) => void;
  debug: (line: string) => void;
  /** Tries to open a browser; the name of what opened it, or undefined. */
  openBrowser: (url: string) => Promise<string | undefined>;
  /** One pasted line (paste-back), undefined at end of input. */
  readLine: (prompt: string) => Promise<string | undefined>;
  /** Shows that the device flow is waiting, until stopped. */
  spinner: (label: string, deadline: number) => { stop(): void };
  sleep?: (ms: number) => Promise<void>;
}

/** Everything the three interactive flows share. */
export interface FlowInput {
  server: oauth.AuthorizationServer;
  clientId: string;
  clientAuth: oauth.ClientAuth;
  target: LoginTarget;
  transport: TransportOptions;
  ports: readonly number[];
  timeoutMs: number;
  deps: InteractiveDeps;
  errors?: LoginErrorWords;
}

/** The default: the browser on this machine comes back to a one-shot loopback listener. */
export async function browserLogin(flow: FlowInput): Promise<LoginTokens> {
  const { server, clientId, deps } = flow;
  const pkce = await newPkceAttempt();
  let redirectUri = '';
  const listener = await listenForCallback({
    ports: flow.ports,
    expectedState: pkce.state,
    // The exchange runs before the browser gets its page, so the page tells the truth.
    accept: (params) =>
      exchange(flow, checkCallback(server, clientId, params, pkce.state), redirectUri, pkce.verifier),
    timeoutMs: flow.timeoutMs,
    alternatives: "'--no-browser' (paste the URL back) or '--device'",
    notice: deps.say,
  });
  redirectUri = listener.redirectUri;
  try {
    const url = authorizationUrl(server, clientId, redirectUri, pkce, flow.target).href;
    deps.say('Opening the browser to sign in. If it does not open, visit:');
    deps.say(`  ${url}`);
    // The browser gets a one-time loopback URL, not `url`: argv is readable by every local user.
    const opener = await deps.openBrowser(listener.startUrl(url));
    deps.debug(opener ? `login: browser opened with ${opener}` : 'login: no browser opener worked');
    if (!opener) deps.say('Could not open a browser; open the URL above yourself. Waiting for the sign-in…');
    return await listener.result;
  } finally {
    await listener.close();
  }
}

/** `--no-browser`: the URL is opened anywhere, the redirect URL (or code) pasted back here. */
export async function pasteBackLogin(flow: FlowInput): Promise<LoginTokens> {
  const { server, clientId, deps } = flow;
  const pkce = await newPkceAttempt();
  // Nothing listens there: the browser's failed redirect is what the person copies.
  const port = flow.ports[0] ?? (await unusedPort());
  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  const url = authorizationUrl(server, clientId, redirectUri, pkce, flow.target).href;
  deps.say('Open this URL in a browser on any machine and sign in:');
  deps.say(`  ${url}`);
  deps.say(
    'The browser then fails to load a 127.0.0.1 page; that is expected. Copy the URL from its address bar.',
  );
  const callback = await withTimeout(
    readPastedCallback({
      server,
      clientId,
      expectedState: pkce.state,
      readLine: deps.readLine,
      say: deps.say,
    }),
    flow.timeoutMs,
  );
  return exchange(flow, callback, redirectUri, pkce.verifier);
}

/** `--device` (RFC 8628): a code typed on any device; no redirect at all. */
export async function deviceCodeLogin(flow: FlowInput): Promise<LoginTokens> {
  const { deps } = flow;
  let spinner: { stop(): void } | undefined;
  try {
    return await deviceLogin({
      server: flow.server,
      clientId: flow.clientId,
      clientAuth: flow.clientAuth,
      target: flow.target,
      transport: flow.transport,
      timeoutMs: flow.timeoutMs,
      ...(flow.errors ? { errors: flow.errors } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      show: (d) => {
        deps.say(`Open ${d.verificationUri} and enter the code: ${d.userCode}`);
        if (d.verificationUriComplete)
          deps.say(`Or open ${d.verificationUriComplete} to have the code filled in.`);
        spinner = deps.spinner('Waiting for the sign-in to be approved', d.deadline);
      },
    });
  } finally {
    spinner?.stop();
  }
}

function exchange(flow: FlowInput, callback: URLSearchParams, redirectUri: string, verifier: string) {
  const { resource, audience, params } = flow.target;
  return exchangeCode({
    server: flow.server,
    clientId: flow.clientId,
    clientAuth: flow.clientAuth,
    callback,
    redirectUri,
    verifier,
    target: {
      ...(resource ? { resource } : {}),
      ...(audience ? { audience } : {}),
      ...(params ? { params } : {}),
    },
    transport: flow.transport,
    ...(flow.errors ? { errors: flow.errors } : {}),
  });
}

/** A port nothing listens on right now, so the pasted-back redirect cannot reach a stranger. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          authError(
            `Nothing was pasted within ${describeDuration(ms)}.`,
            "Run 'tokenrelay auth login --no-browser' again, or try --device. --login-timeout sets the wait.",
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
