/**
 * A config file decides where client credentials go, so it is trusted only when it is the
 * user's own (the committed bundles, as a shell and a runner run them): someone else's or a
 * group/world-writable one is exit 2; the Action reads none unless an input asks; a token
 * endpoint that wins over the issuer says so; token_env may not name a credential variable.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type ActionRun, runActionMain } from '../../test-support/run-action.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();

/** A stranger's token endpoint: counts what reaches it and refuses everything. */
let stranger: { server: Server; url: string; hits: number };
beforeAll(async () => {
  const server = createServer((_req, res) => {
    stranger.hits += 1;
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stranger = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, hits: 0 };
});
afterAll(() => new Promise<void>((resolve) => stranger.server.close(() => resolve())));

function configDir(toml: string, mode = 0o644, dirMode = 0o700): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tokenrelay-trust-')), 'tokenrelay');
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.toml'), toml);
  chmodSync(join(dir, 'config.toml'), mode);
  chmodSync(dir, dirMode);
  return dir;
}

const strangerProfile = () => `default_profile = "x"\n[profiles.x]\ntoken_endpoint = "${stranger.url}"\n`;

const credentials = () => ({
  TOKENRELAY_ISSUER: servers.provider.issuer,
  TOKENRELAY_CLIENT_ID: servers.provider.clients.basic.clientId,
  TOKENRELAY_CLIENT_SECRET: servers.provider.clients.basic.clientSecret,
});

describe("the CLI reads only a config file that is the user's own", () => {
  it.each([
    ['the file is world-writable', 0o646, 0o700, 'config.toml', 'mode 646', 'other users'],
    ['the file is group-writable', 0o664, 0o700, 'config.toml', 'mode 664', 'its group'],
    ['its directory is world-writable', 0o644, 0o777, 'tokenrelay', 'mode 777', 'its group and other users'],
  ])('%s: exit 2 naming the file, owner, mode and the fix; nothing is sent', async (_, mode, dirMode, name, shown, who) => {
    const dir = configDir(strangerProfile(), mode, dirMode);
    const hits = stranger.hits;
    const run = await runCli(['auth', 'token'], { env: { TOKENRELAY_CONFIG_DIR: dir, ...credentials() } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `Refusing to read the config ${name === 'tokenrelay' ? 'directory' : 'file'}`,
    );
    expect(run.stderr).toContain(name === 'tokenrelay' ? dir : join(dir, 'config.toml'));
    expect(run.stderr).toContain(`writable by ${who} (owner uid ${process.getuid!()}, ${shown})`);
    expect(run.stderr).toContain('chmod go-w');
    expect(stranger.hits).toBe(hits);
    assertNoLeaks({
      secrets: { secret: credentials().TOKENRELAY_CLIENT_SECRET },
      texts: { stdout: run.stdout, stderr: run.stderr },
    });
  });

  it("the environment's issuer sets aside the config file's token endpoint: --verbose says so, nothing reaches it", async () => {
    const dir = configDir(strangerProfile());
    const hits = stranger.hits;
    const run = await runCli(['auth', 'token', '--verbose'], {
      env: { TOKENRELAY_CONFIG_DIR: dir, ...credentials() },
    });
    expect(stranger.hits).toBe(hits);
    expect(run.stderr).toContain(
      'debug: token_endpoint (config file) is set aside: the server is named by TOKENRELAY_ISSUER',
    );
    expect(run.stderr).toContain(`debug: identity: server ${servers.provider.issuer} (TOKENRELAY_ISSUER)`);
    expect(run.stderr).not.toContain('warning');
    assertNoLeaks({
      secrets: { secret: credentials().TOKENRELAY_CLIENT_SECRET },
      texts: { stdout: run.stdout, stderr: run.stderr },
    });
  });

  it("a token endpoint off the issuer's origin in the same layer: --verbose says which, and it warns", async () => {
    const dir = configDir(
      `default_profile = "x"\n[profiles.x]\nissuer = "${servers.provider.issuer}"\ntoken_endpoint = "${stranger.url}"\n`,
    );
    const { TOKENRELAY_ISSUER: _, ...client } = credentials();
    const run = await runCli(['auth', 'token', '--verbose'], {
      env: { TOKENRELAY_CONFIG_DIR: dir, ...client },
    });
    expect(run.stderr).toContain(
      `debug: identity: server ${servers.provider.issuer} (issuer (config file)), ${stranger.url} (token_endpoint (config file))`,
    );
    expect(run.stderr).toMatch(/warning: The token endpoint .* is not on the issuer's origin/);
    assertNoLeaks({
      secrets: { secret: credentials().TOKENRELAY_CLIENT_SECRET },
      texts: { stdout: run.stdout, stderr: run.stderr },
    });
  });

  it("token_env naming tokenrelay's client-secret variable is exit 2 and the secret goes nowhere", async () => {
    const dir = configDir(
      `default_profile = "x"\n[profiles.x]\napi_url = "${servers.api.url}"\ntoken_env = "TOKENRELAY_CLIENT_SECRET"\n`,
    );
    const run = await runCli(['validate'], { env: { TOKENRELAY_CONFIG_DIR: dir, ...credentials() } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("token_env = 'TOKENRELAY_CLIENT_SECRET'");
    expect(run.stderr).toContain("tokenrelay's own variables (TOKENRELAY_*)");
    assertNoLeaks({
      secrets: { secret: credentials().TOKENRELAY_CLIENT_SECRET },
      texts: { stdout: run.stdout, stderr: run.stderr },
    });
  });
});

/** The client secret only in the mask commands; the token only where it is exported. */
function assertClean(run: ActionRun, extra: Record<string, string> = {}) {
  const log = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  assertNoLeaks({
    secrets: { secret: servers.provider.clients.basic.clientSecret, ...extra },
    texts: { log, stderr: run.stderr, summary: run.summary },
    dirs: [run.dirs.workspace, run.dirs.home],
  });
}

describe('token_env cannot turn a client credential into the token', () => {
  it('a token_env variable holding the client secret under another name is exit 2; nothing is printed', async () => {
    const dir = configDir(`default_profile = "x"\n[profiles.x]\ntoken_env = "API_CLIENT_SECRET"\n`);
    const secret = credentials().TOKENRELAY_CLIENT_SECRET;
    const run = await runCli(['auth', 'token'], {
      env: { TOKENRELAY_CONFIG_DIR: dir, ...credentials(), API_CLIENT_SECRET: secret },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("API_CLIENT_SECRET (the profile's token_env) holds the client secret");
    assertNoLeaks({ secrets: { secret }, texts: { stdout: run.stdout, stderr: run.stderr } });
  });
});

describe('the Action reads a config file only when an input asks', () => {
  const inputs = () => ({
    issuer: servers.provider.issuer,
    'client-id': servers.provider.clients.basic.clientId,
    'client-secret': servers.provider.clients.basic.clientSecret,
  });

  it("a persistent runner home's config.toml is ignored: the issuer's own token endpoint is used", async () => {
    const hits = stranger.hits;
    const run = await runActionMain({
      inputs: inputs(),
      env: { TOKENRELAY_CONFIG_DIR: configDir(strangerProfile()) },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(stranger.hits).toBe(hits);
    expect(run.outputs.token?.split('.')).toHaveLength(3);
    assertClean(run, { token: run.outputs.token! });
  });

  it('TOKENRELAY_PROFILE in the environment is not an input: exit 2 saying to use the profile input', async () => {
    const hits = stranger.hits;
    const run = await runActionMain({
      inputs: inputs(),
      env: { TOKENRELAY_CONFIG_DIR: configDir(strangerProfile()), TOKENRELAY_PROFILE: 'x' },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('TOKENRELAY_PROFILE is set, but the Action reads a config file only when');
    expect(run.stdout).toContain('profile: x');
    expect(stranger.hits).toBe(hits);
    assertClean(run);
  });

  it("the profile input reads it; the issuer input sets aside the profile's token endpoint", async () => {
    const hits = stranger.hits;
    const run = await runActionMain({
      inputs: { ...inputs(), profile: 'x' },
      env: { TOKENRELAY_CONFIG_DIR: configDir(strangerProfile()), RUNNER_DEBUG: '1' },
    });
    expect(stranger.hits).toBe(hits);
    expect(run.code, run.stdout).toBe(0);
    assertClean(run, { token: run.outputs.token! });
    expect(run.stdout).toContain(
      '::debug::token_endpoint (config file) is set aside: the server is named by input issuer',
    );
    expect(run.commands.filter((c) => c.name === 'warning')).toEqual([]);
  });

  it("the log warns when the profile's token endpoint is off its issuer's origin", async () => {
    const hits = stranger.hits;
    const { issuer: _, ...client } = inputs();
    const run = await runActionMain({
      inputs: { ...client, profile: 'x' },
      env: {
        TOKENRELAY_CONFIG_DIR: configDir(
          `default_profile = "x"\n[profiles.x]\nissuer = "${servers.provider.issuer}"\ntoken_endpoint = "${stranger.url}"\n`,
        ),
      },
    });
    // The user's own profile names both: their choice, said plainly, not refused.
    expect(stranger.hits).toBe(hits + 1);
    expect(run.code).toBe(4);
    assertClean(run);
    expect(
      run.commands.some((c) => c.name === 'warning' && c.message.includes("not on the issuer's origin")),
    ).toBe(true);
  });

  it('the config-file input reads that file, under the same trust rule', async () => {
    const dir = configDir(strangerProfile(), 0o666);
    const run = await runActionMain({ inputs: { ...inputs(), 'config-file': join(dir, 'config.toml') } });
    expect(run.code).toBe(2);
    assertClean(run);
    expect(run.stdout).toContain(`Refusing to read the config file ${join(dir, 'config.toml')}`);
  });
});
