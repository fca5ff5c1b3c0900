/**
 * The Action's main and post steps run in-process, as functions of their collaborators: the
 * recording runner (the real runner protocol over temp files) and the environment, passed in
 * (nothing stubbed). The exact workflow commands each step prints are pinned by snapshots —
 * secrets, servers, paths and times replaced by names, so a changed command or order shows
 * up as a diff. The end-to-end tests run the same steps from the committed bundles.
 */

import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMain } from '../../src/action/run-main.ts';
import { runPost } from '../../src/action/run-post.ts';
import { resetSecretsForTest } from '../../src/core/secrets.ts';
import { assertNoLeaks } from '../../test-support/leak-scanner.ts';
import { type RecordingRunner, recordingRunner, tempDir } from '../../test-support/recording-runner.ts';
import { useServers } from '../../test-support/servers.ts';

const servers = useServers();
/** Where the Action finds the CLI it installs (install-cli); no test here asks for it. */
const CLI_BUNDLE = fileURLToPath(new URL('../../dist/cli/tokenrelay.mjs', import.meta.url));

let job: { dir: string; cleanup: () => void };
beforeEach(() => {
  resetSecretsForTest();
  job = tempDir('tokenrelay-steps-');
});
afterEach(() => job.cleanup());

/** A step's runner in this job, with the runner's own variables beside the inputs. */
function step(name: string, options: Parameters<typeof recordingRunner>[1] = {}): RecordingRunner {
  const { mkdirSync } = process.getBuiltinModule('node:fs');
  const dir = `${job.dir}/${name}`;
  for (const sub of ['temp', 'workspace']) mkdirSync(`${dir}/${sub}`, { recursive: true });
  return recordingRunner(dir, {
    ...options,
    env: {
      HOME: job.dir,
      RUNNER_TEMP: `${dir}/temp`,
      GITHUB_WORKSPACE: `${dir}/workspace`,
      GITHUB_ACTIONS: 'true',
      ...options.env,
    },
  });
}

/**
 * stdout with every value that changes from run to run replaced by what it is: the named
 * values, the job's directory, JWTs, times, ports and durations; a mask of anything else (the wire and encoded
 * forms of a secret) is `<derived>`, a run of them `<derived>…`.
 */
function commands(r: RecordingRunner, names: Record<string, string>): string {
  const named = (text: string) => {
    for (const [value, name] of Object.entries({ ...names, [job.dir]: 'job' })) {
      text = text.split(value).join(`<${name}>`);
    }
    return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>');
  };
  return (
    r
      .stdout()
      .split('\n')
      .map((line) => {
        if (!line.startsWith('::add-mask::')) return named(line);
        const value = named(unescapeData(line.slice('::add-mask::'.length)));
        return `::add-mask::${/^<[a-z-]+>$/.test(value) ? value : '<derived>'}`;
      })
      .join('\n')
      // A secret's wire and encoded forms follow it: how many is the secrets registry's business.
      .replace(/(::add-mask::<derived>\n)+/g, '::add-mask::<derived>…\n')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/127\.0\.0\.1:\d+/g, '<host>')
      .replace(/tokenrelay-job-[0-9a-f]+\.json/g, 'tokenrelay-job-<id>.json')
      .replace(/in \d+ ms/g, 'in <n> ms')
  );
}

/** A workflow command's data as the runner reads it. */
const unescapeData = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

const basicInputs = () => ({
  issuer: servers.provider.issuer,
  'client-id': servers.provider.clients.basic.clientId,
  'client-secret': servers.provider.clients.basic.clientSecret,
  scope: 'read',
  tenant: 'acme',
});

describe('the main step, in-process', () => {
  it('client credentials: masks, outputs, summary line — in this order', async () => {
    const main = step('main', { inputs: { ...basicInputs(), 'api-url': servers.api.url, validate: 'true' } });
    expect(await runMain({ runner: main.runner, env: main.env, cliBundle: CLI_BUNDLE })).toBe(0);
    const token = main.outputs().token!;
    const secret = servers.provider.clients.basic.clientSecret;
    expect(
      commands(main, {
        [secret]: 'client-secret',
        [servers.provider.issuer]: 'issuer',
        [servers.api.url]: 'api',
      }),
    ).toMatchInlineSnapshot(`
      "::add-mask::<client-secret>
      ::add-mask::<derived>…
      ::debug::identity: server <issuer> (input issuer); client id cc-basic (input client-id)
      ::debug::resolver: trying flag: no --token given
      ::debug::resolver: trying env: checks TOKENRELAY_TOKEN
      ::debug::resolver: trying client-credentials: client cc-basic at <issuer>
      ::debug::tokenrelay CLI for later steps: <job>/main/temp/tokenrelay-cli/tokenrelay
      ::debug::GET <host>/.well-known/openid-configuration -> 200 in <n> ms
      ::debug::POST <host>/token -> 200 in <n> ms
      ::add-mask::<jwt>
      ::add-mask::<derived>…
      ::debug::resolver: using client credentials (cc-basic)
      ::debug::GET <host>/api/v1/profile -> 200 in <n> ms
      tokenrelay: client-credentials from client credentials (cc-basic), validated for cc-basic, tenant acme, expires <time>
      "
    `);
    expect(Object.keys(main.outputs()).sort()).toMatchInlineSnapshot(`
      [
        "expires-at",
        "expires-in",
        "identity",
        "method",
        "scope",
        "source",
        "tenant",
        "token",
        "token-type",
      ]
    `);
    // After every mask: the post step's state before the job file it deletes (issue 19 item 2),
    // the outputs, the summary, the state again with every file, then one line.
    expect(main.calls.filter((c) => !/^(get|addMask|debug)/.test(c))).toMatchInlineSnapshot(`
      [
        "addPath",
        "saveState:tokenrelay",
        "exportVariable:TOKENRELAY_JOB_FILE",
        "setOutput:token",
        "setOutput:token-type",
        "setOutput:expires-at",
        "setOutput:expires-in",
        "setOutput:scope",
        "setOutput:tenant",
        "setOutput:identity",
        "setOutput:method",
        "setOutput:source",
        "appendSummary",
        "saveState:tokenrelay",
        "info",
      ]
    `);
    assertNoLeaks({ secrets: { secret }, texts: { summary: main.read(main.files.summary) } });
    expect(main.outputs()['expires-at']).toMatch(/Z$/);
    expect(main.state().tokenrelay).toContain(token);
  });

  it('a missing input is one error command naming what is missing (exit 2)', async () => {
    const main = step('main', { inputs: { 'client-id': 'someone' } });
    expect(await runMain({ runner: main.runner, env: main.env, cliBundle: CLI_BUNDLE })).toBe(2);
    expect(commands(main, {})).toMatchInlineSnapshot(`
      "::debug::identity: server none; client id someone (input client-id)
      ::debug::resolver: trying flag: no --token given
      ::debug::resolver: trying env: checks TOKENRELAY_TOKEN
      ::debug::resolver: trying client-credentials: no client id with a secret or key
      ::debug::resolver: trying federation: federation is not configured
      ::error title=tokenrelay (exit 2)::No token and no complete client credentials (method: auto). Missing: client-secret or private-key, issuer or token-endpoint. Give \`token\` (an API key or PAT), or client-id with client-secret/private-key and issuer/token-endpoint, or \`federation\` with issuer/token-endpoint for keyless CI (method: oidc).
      "
    `);
    expect(main.read(main.files.output)).toBe('');
  });

  it('a secret in the environment is masked before anything is printed', async () => {
    const secret = servers.provider.clients.basic.clientSecret;
    const main = step('main', {
      inputs: { issuer: servers.provider.issuer, 'client-id': servers.provider.clients.basic.clientId },
      env: { TOKENRELAY_CLIENT_SECRET: secret },
    });
    expect(await runMain({ runner: main.runner, env: main.env, cliBundle: CLI_BUNDLE })).toBe(0);
    expect(unescapeData(main.stdout().split('\n')[0]!)).toBe(`::add-mask::${secret}`);
  });
});

describe('the post step, in-process', () => {
  it('revokes what the main step minted, with the same client, and deletes its file', async () => {
    const inputs = {
      ...basicInputs(),
      resource: servers.provider.resources.opaque,
      'credentials-file': 'true',
    };
    const main = step('main', { inputs });
    expect(await runMain({ runner: main.runner, env: main.env, cliBundle: CLI_BUNDLE }), main.stdout()).toBe(
      0,
    );
    const token = main.outputs().token!;
    const post = step('post', { inputs, state: main.state() });
    expect(await runPost({ runner: post.runner, env: post.env })).toBe(0);
    const secret = servers.provider.clients.basic.clientSecret;
    expect(
      commands(post, {
        [secret]: 'client-secret',
        [token]: 'token',
        [main.outputs()['credentials-file']!]: 'file',
      }),
    ).toMatchInlineSnapshot(`
      "::add-mask::<client-secret>
      ::add-mask::<derived>…
      ::add-mask::<token>
      ::add-mask::<derived>…
      tokenrelay: deleted <job>/main/temp/tokenrelay-job-<id>.json
      tokenrelay: deleted <file>
      ::debug::tokenrelay post: 0 token(s) minted by later steps
      ::debug::POST <host>/token/revocation -> 200 in <n> ms
      tokenrelay: Token revoked.
      "
    `);
    expect(servers.provider.revoked).toContain(token);
    expect(process.getBuiltinModule('node:fs').existsSync(main.outputs()['credentials-file']!)).toBe(false);
  });

  it('an expired token is left alone, and nothing is sent', async () => {
    const main = step('main', { inputs: basicInputs() });
    expect(await runMain({ runner: main.runner, env: main.env, cliBundle: CLI_BUNDLE })).toBe(0);
    const post = step('post', { inputs: basicInputs(), state: main.state() });
    const later = () => Date.now() + 48 * 3600_000;
    expect(await runPost({ runner: post.runner, env: post.env, now: later })).toBe(0);
    expect(commands(post, {})).toMatchInlineSnapshot(`
      "::add-mask::<derived>…
      ::add-mask::<jwt>
      ::add-mask::<derived>…
      tokenrelay: deleted <job>/main/temp/tokenrelay-job-<id>.json
      ::debug::tokenrelay post: 0 token(s) minted by later steps
      tokenrelay: the token has already expired; nothing to revoke.
      "
    `);
  });

  it('with no state from the main step there is nothing to do', async () => {
    const post = step('post');
    expect(await runPost({ runner: post.runner, env: post.env })).toBe(0);
    expect(post.stdout()).toMatchInlineSnapshot(`
      "::debug::tokenrelay post: the main step left no state; nothing to clean up.
      "
    `);
  });
});
