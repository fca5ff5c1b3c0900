import { isatty } from 'node:tty';
import type { Command } from 'commander';
import { findEnvironment, storedEnvironments } from '../../app/environments.ts';
import type { LoginMode, LoginResult } from '../../app/login.ts';
import { usageError } from '../../core/errors.ts';
import { parseParams } from '../../core/extra-params.ts';
import { identityLabel } from '../../core/token.ts';
import { DEFAULT_LOGIN_TIMEOUT_SECONDS } from '../../login/login-timeout.ts';
import { parsePortList } from '../../login/port-list.ts';
import { writeActiveEnvironment } from '../../store/active-environment.ts';
import type { CredentialStore } from '../../store/types.ts';
import { cliIO, commandContext } from '../context.ts';
import { canHide, readHidden } from '../hidden-input.ts';
import { lineReader } from '../line-reader.ts';
import { secretFromStdin } from '../secret-input.ts';
import { startSpinner } from '../spinner.ts';
import { cliStore } from '../store.ts';

/** The chosen way of signing in, run; the summary on stderr (or --json on stdout). */
export async function runAuthLogin(cmd: Command): Promise<void> {
  const io = cliIO(cmd);
  const opts = cmd.optsWithGlobals<Record<string, unknown>>();
  const mode = chooseMode(opts);
  if (mode === 'browser') refuseWithoutAPerson(io);
  const ports = typeof opts.port === 'string' ? parsePortList(opts.port) : [];
  const loginTimeoutSeconds = seconds(opts.loginTimeout);
  const token =
    mode !== 'token'
      ? undefined
      : opts.tokenStdin
        ? await secretFromStdin(io, 'token')
        : (opts.withToken as string);
  const context = await commandContext(cmd, {}, io);
  // Logging in again: with no environment named, the only one stored (several: choose, exit 2).
  const stored = cliStore(io, { insecureStorage: Boolean(opts.insecureStorage) });
  const { settings, why } = await findEnvironment(context.settings, stored);
  if (why) io.debug(`environment: ${why}`);
  // Loaded only when login runs: `auth token` on a cached token must not pay for them.
  const [{ login }, { openBrowser }, { openStore }] = await Promise.all([
    import(/* webpackMode: "eager" */ '../../app/login.ts'),
    import(/* webpackMode: "eager" */ '../../login/browser-opener.ts'),
    import(/* webpackMode: "eager" */ '../../store/open-store.ts'),
  ]);
  const reader = lineReader();
  try {
    const result = await login(
      {
        settings,
        mode,
        ports,
        loginTimeoutSeconds,
        params: parseParams((opts.param as string[] | undefined) ?? []),
        ...(token !== undefined ? { token } : {}),
      },
      {
        openStore: () =>
          openStore({
            env: io.env,
            insecureStorage: Boolean(opts.insecureStorage),
            announceFallback: true,
            warn: io.err,
          }),
        say: io.err,
        debug: io.debug,
        openBrowser: (url) => openBrowser(url, { env: io.env, debug: io.debug }),
        // The pasted redirect URL carries the authorization code: not echoed at a terminal.
        readLine: canHide(io.isTTY) ? readHidden : reader.readLine,
        spinner: (label, deadline) => startSpinner(label, deadline),
      },
    );
    report(result, io);
    await makeActive(result.environment, context.active?.environment, stored, io);
  } finally {
    reader.close();
  }
}

/**
 * gh's way: the environment just logged in to becomes the default when others are stored, so
 * `auth token` and `auth logout` act on it without being told, and `auth switch` goes back.
 */
async function makeActive(
  environment: string,
  previous: string | undefined,
  store: () => Promise<CredentialStore>,
  io: ReturnType<typeof cliIO>,
): Promise<void> {
  if (previous === environment) return;
  const environments = await storedEnvironments(await store());
  const entry = environments.find((e) => e.environment === environment);
  if (!entry || (environments.length < 2 && previous === undefined)) return;
  await writeActiveEnvironment(
    io.env,
    {
      environment,
      ...(entry.apiUrl ? { apiUrl: entry.apiUrl } : {}),
      ...(entry.issuer ? { issuer: entry.issuer } : {}),
    },
    io.err,
  );
  io.say(`${environment} is now the active environment; 'tokenrelay auth switch' changes it.`);
}

function chooseMode(opts: Record<string, unknown>): LoginMode {
  const chosen = [
    opts.withToken !== undefined && '--with-token',
    opts.tokenStdin && '--token-stdin',
    opts.device && '--device',
    opts.browser === false && '--no-browser',
  ].filter((f): f is string => typeof f === 'string');
  if (chosen.length > 1) {
    throw usageError(`${chosen.join(' and ')} cannot be combined.`, 'Choose one way to log in.');
  }
  if (opts.withToken !== undefined || opts.tokenStdin) return 'token';
  if (opts.device) return 'device';
  return opts.browser === false ? 'paste' : 'browser';
}

/**
 * The browser login waits for a person at a browser on this machine. With no terminal (cron,
 * a CI job, a pipe at both ends) and no $BROWSER, nobody is there: it would wait out the
 * login timeout. It stops at once and names the ways that need no person here.
 */
function refuseWithoutAPerson(io: ReturnType<typeof cliIO>): void {
  if (io.env.BROWSER || isatty(0) || io.errIsTTY) return;
  throw usageError(
    'auth login needs a person at a browser, and no terminal is attached.',
    'Without one: --device (a URL and code to enter on any device), --with-token / --token-stdin (save an API token), or client credentials (tokenrelay exchange). To sign in with a browser anyway, set BROWSER to a command that opens the URL.',
  );
}

function seconds(value: unknown): number {
  if (value === undefined) return DEFAULT_LOGIN_TIMEOUT_SECONDS;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 3600) {
    throw usageError(
      `--login-timeout must be a whole number of seconds from 1 to 3600, got '${text.slice(0, 20)}'.`,
    );
  }
  return Number(text);
}

function report(result: LoginResult, io: ReturnType<typeof cliIO>): void {
  const who = identityLabel(result.identity);
  if (io.json) {
    io.out(
      `${JSON.stringify(
        {
          environment: result.environment,
          method: result.method,
          identity: result.identity ?? null,
          tenant: result.tenant ?? null,
          workspace: result.workspace ?? null,
          storage: result.storage,
          expires_at: result.expiresAt?.toISOString() ?? null,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const what = result.method === 'token' ? 'Token saved' : 'Logged in';
  const scope = [
    result.tenant && `tenant ${result.tenant}`,
    result.workspace && `workspace ${result.workspace}`,
  ]
    .filter(Boolean)
    .join(', ');
  io.say(`${what} to ${result.environment}${who ? ` as ${who}` : ''}${scope ? ` (${scope})` : ''}.`);
  io.say(`Stored in ${result.storage}.`);
}
