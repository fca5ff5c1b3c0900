/**
 * The real provider and profile API a test file signs in against, started once before its
 * tests and closed after them. Read them through the getters: the servers only exist once
 * the beforeAll hook has run, and a test may put a fresh provider in place of one it closed.
 */
import { afterAll, beforeAll } from 'vitest';
import { type ProfileApi, startProfileApi } from './profile-api.ts';
import { type ProviderOptions, startProvider, type TestProvider } from './provider.ts';

export interface ServersOptions {
  provider?: ProviderOptions;
  /** How many profile APIs to start, each trusting the provider's tokens (default 1). */
  apis?: number;
}

export interface Servers {
  readonly provider: TestProvider;
  /** The first profile API. */
  readonly api: ProfileApi;
  readonly apis: readonly ProfileApi[];
  /** Start a new provider in place of the current one, which the test has closed itself. */
  replaceProvider(): Promise<TestProvider>;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not running: read it inside a test, not at load time`);
  return value;
}

export function useServers(options: ServersOptions = {}): Servers {
  let provider: TestProvider | undefined;
  let apis: ProfileApi[] = [];

  beforeAll(async () => {
    provider = await startProvider(options.provider);
    const issuer = provider.issuer;
    apis = await Promise.all(
      Array.from({ length: options.apis ?? 1 }, () => startProfileApi({ jwksIssuer: issuer })),
    );
  });
  afterAll(async () => {
    for (const api of [...apis].reverse()) await api.close();
    await provider?.close();
  });

  return {
    get provider() {
      return started(provider, 'the test provider');
    },
    get api() {
      return started(apis[0], 'the profile API');
    },
    get apis() {
      return apis;
    },
    async replaceProvider() {
      provider = await startProvider(options.provider);
      return provider;
    },
  };
}
