import { createRequire } from 'node:module';
import { scrub } from '../core/secrets.ts';
import { pingSecretService } from './dbus-ping.ts';

/** The part of `@napi-rs/keyring` we use; a narrow seam so the store does not see the module. */
export interface KeyringClient {
  /** "Secret Service (D-Bus)", "macOS Keychain", "Windows Credential Manager". */
  readonly description: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

interface AsyncEntryLike {
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  deletePassword(signal?: AbortSignal | null): Promise<boolean>;
}

export interface KeyringModule {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: 'secret-service' } },
  ) => AsyncEntryLike;
}

export type KeyringOpenResult = { client: KeyringClient } | { unavailable: string };

export interface OpenKeyringOptions {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  service?: string;
  /** For the D-Bus liveness check: a hung bus must not hang the CLI. */
  pingTimeoutMs?: number;
  /**
   * For each keychain call; long enough for a person to answer an unlock prompt when
   * interactive. A function is asked only once the bus has answered.
   */
  callTimeoutMs?: number | (() => number);
  /** Loads the native module; the default imports it lazily. */
  load?: () => Promise<KeyringModule>;
}

export const KEYCHAIN_SERVICE = 'tokenrelay';

/** Proves reads and writes work; kept afterwards so later runs only need a read. */
const PROBE_ACCOUNT = 'keychain-check';
const PROBE_VALUE = 'tokenrelay checks the keychain with this entry; it holds no secret';

/**
 * Lazy and guarded: the CLI bundle may run where the native module is absent (a lone copy),
 * so it is never part of the bundle (scripts/build.ts keeps it external) and never imported
 * statically — an external `import()` would be hoisted into a top-level import that makes
 * every command fail to start without it, and load the binding on every start. It is found
 * at run time from this file's location, the name computed so the bundler leaves it alone.
 */
async function loadNative(): Promise<KeyringModule> {
  const name = ['@napi-rs', 'keyring'].join('/');
  return createRequire(import.meta.url)(name) as KeyringModule;
}

function keychainDescription(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (D-Bus)';
}

/** Opens the OS keychain, or says in a few words why there is none usable. Never throws. */
export async function openKeyring(options: OpenKeyringOptions = {}): Promise<KeyringOpenResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const pingTimeoutMs = options.pingTimeoutMs ?? 3_000;
  if (platform !== 'darwin' && platform !== 'win32') {
    const ping = await pingSecretService(env, pingTimeoutMs);
    if (ping.ok === false) return { unavailable: ping.reason };
  }
  let native: KeyringModule;
  try {
    native = await (options.load ?? loadNative)();
  } catch (e) {
    const text = firstLine(e);
    return /Cannot find (module|native binding)/.test(text)
      ? { unavailable: 'the native keychain module (@napi-rs/keyring) is not installed beside tokenrelay' }
      : { unavailable: `the native keychain module could not be loaded (${text})` };
  }
  const client = createClient(native, {
    service: options.service ?? KEYCHAIN_SERVICE,
    description: keychainDescription(platform),
    timeoutMs:
      typeof options.callTimeoutMs === 'function'
        ? options.callTimeoutMs()
        : (options.callTimeoutMs ?? 3_000),
  });
  try {
    const seen = await client.get(PROBE_ACCOUNT);
    if (seen === undefined) await client.set(PROBE_ACCOUNT, PROBE_VALUE);
    return { client };
  } catch (e) {
    return { unavailable: firstLine(e) };
  }
}

function createClient(
  native: KeyringModule,
  { service, description, timeoutMs }: { service: string; description: string; timeoutMs: number },
): KeyringClient {
  const entries = new Map<string, AsyncEntryLike>();
  // Pinned to the Secret Service: the default would silently fall back to the kernel keyring,
  // which forgets everything at reboot.
  const entry = (account: string) => {
    let e = entries.get(account);
    if (!e) {
      e = new native.AsyncEntry(service, account, { linux: { store: 'secret-service' } });
      entries.set(account, e);
    }
    return e;
  };
  return {
    description,
    get: (account) =>
      timed(`read ${account}`, timeoutMs, async (s) => (await entry(account).getPassword(s)) ?? undefined),
    set: (account, value) =>
      timed(`write ${account}`, timeoutMs, (s) => entry(account).setPassword(value, s)),
    delete: (account) => timed(`delete ${account}`, timeoutMs, (s) => entry(account).deletePassword(s)),
  };
}

/** Every keychain call under a deadline; the native call is abandoned (and aborted) when it passes. */
async function timed<T>(what: string, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`the keychain did not answer within ${ms} ms (${what})`));
    }, ms);
  });
  try {
    const pending = call(controller.signal);
    pending.catch(() => {}); // it may still reject after the deadline won
    return await Promise.race([pending, deadline]);
  } catch (e) {
    throw new Error(firstLine(e), { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return scrub(text.split('\n')[0] ?? text).trim();
}
