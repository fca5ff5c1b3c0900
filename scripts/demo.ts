/**
 * `npm run demo`: the main job against an embedded local provider. Starts a real OpenID
 * provider and a profile API on 127.0.0.1, runs the committed Action bundle the way the
 * GitHub runner does, then the CLI bundle in a GitLab-like job and a cron-like script.
 * Everything shown is what the runner (or a careful log) would show: secrets as ***.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactToken } from '../src/core/redact.ts';
import { startCiIssuer } from '../test-support/ci-issuer.ts';
import { startProfileApi, TEST_API_KEYS } from '../test-support/profile-api.ts';
import { FEDERATION_CLIENT, startProvider } from '../test-support/provider.ts';
import { type ActionRun, runActionMain, runActionPost } from '../test-support/run-action.ts';
import { runCli } from '../test-support/run-cli.ts';
import { deviceLogin } from '../test-support/session-login.ts';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const heading = (s: string) => console.log(`\n${bold(`== ${s}`)}`);
const indent = (s: string) =>
  s
    .trimEnd()
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

/** What the runner does with ::add-mask::: every later occurrence becomes ***. */
function masked(text: string, masks: string[]): string {
  let out = text;
  for (const m of [...masks].sort((a, b) => b.length - a.length)) if (m) out = out.split(m).join('***');
  return out
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

function showActionRun(run: ActionRun): void {
  console.log(`   exit code ${run.code}; ${run.masks.length} values registered with ::add-mask::`);
  console.log(bold('   log:'));
  console.log(indent(indent(masked(run.stdout, run.masks) || '(nothing)')));
  console.log(bold('   outputs:'));
  for (const [k, v] of Object.entries(run.outputs)) console.log(`      ${k} = ${masked(v, run.masks)}`);
  console.log(bold('   env for later steps:'));
  for (const [k, v] of Object.entries(run.env)) console.log(`      ${k} = ${masked(v, run.masks)}`);
}

const ci = await startCiIssuer();
const provider = await startProvider({ federation: { ciIssuer: ci } });
const api = await startProfileApi({ jwksIssuer: provider.issuer });
const secret = provider.clients.basic.clientSecret;
try {
  console.log(
    bold('tokenrelay demo') + ` — provider ${provider.issuer}, profile API ${api.url} (loopback only)`,
  );

  heading('GitHub Actions: client credentials, validated, tenant-scoped (dist/main/index.js)');
  const inputs = {
    issuer: provider.issuer,
    'client-id': provider.clients.basic.clientId,
    'client-secret': secret,
    scope: 'read',
    resource: provider.resources.opaque,
    tenant: 'acme',
    'env-name': 'API_TOKEN',
  };
  const main = await runActionMain({ inputs });
  showActionRun(main);
  console.log(bold('   job summary:'));
  console.log(indent(indent(main.summary)));

  heading('GitHub Actions: the post step revokes what main minted (dist/post/index.js)');
  const post = await runActionPost(main, { inputs });
  console.log(indent(masked(post.stdout, [...main.masks, ...post.masks])));
  console.log(
    `   the provider saw ${provider.revoked.includes(main.outputs.token!) ? 'the token revoked' : 'NO revocation'}`,
  );

  heading('GitHub Actions: a PAT validated against the profile endpoint');
  const pat = await runActionMain({
    inputs: { token: TEST_API_KEYS.alicePat, 'api-url': api.url, tenant: 'globex' },
  });
  showActionRun(pat);

  heading('GitLab CI: tokenrelay exchange --export gitlab-dotenv=token.env (GITLAB_CI=true)');
  const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-demo-'));
  const dotenv = join(dir, 'token.env');
  const env = {
    GITLAB_CI: 'true',
    CI: 'true',
    TOKENRELAY_ISSUER: provider.issuer,
    TOKENRELAY_CLIENT_ID: provider.clients.basic.clientId,
    TOKENRELAY_CLIENT_SECRET: secret,
    TOKENRELAY_TENANT: 'acme',
  };
  const gl = await runCli(['exchange', '--export', `gitlab-dotenv=${dotenv}`], { env });
  console.log(`   exit code ${gl.code}; stderr:`);
  console.log(indent(indent(gl.stderr)));
  console.log(bold('   token.env (token redacted here):'));
  const report = readFileSync(dotenv, 'utf8').replace(
    /^(TOKENRELAY_TOKEN=)(.*)$/m,
    (_m, k, v) => k + redactToken(v),
  );
  console.log(indent(indent(report)));

  heading('Cron: TOKEN=$(tokenrelay auth token) with TOKENRELAY_CLIENT_ID/SECRET/ISSUER');
  const cron = await runCli(['auth', 'token'], { env: { ...env, GITLAB_CI: undefined, CI: undefined } });
  console.log(
    `   exit code ${cron.code}; stdout is the token alone: ${redactToken(cron.stdout.trim())} (redacted here)`,
  );

  heading("Keyless CI: the job's own OIDC token exchanged (method: oidc, no secret at all)");
  const oidc = await runActionMain({
    inputs: { method: 'oidc', issuer: provider.issuer, 'client-id': FEDERATION_CLIENT, scope: 'read' },
    env: ci.githubEnv(),
  });
  showActionRun(oidc);
  console.log(bold('   job summary (what the server saw, for trust setup):'));
  console.log(indent(indent(oidc.summary)));

  heading('A laptop: tokenrelay auth login --device, then status, token, logout');
  const home = mkdtempSync(join(tmpdir(), 'tokenrelay-demo-home-'));
  const laptop = { HOME: home, TOKENRELAY_CONFIG_DIR: join(home, 'config'), PATH: process.env.PATH };
  const login = await deviceLogin({
    issuer: provider.issuer,
    clientId: provider.clients.native.clientId,
    apiUrl: api.url,
    env: laptop,
    home,
    cwd: home,
    args: ['--insecure-storage'],
  });
  console.log("   (the user code was approved in the provider's own pages)");
  console.log(indent(indent(login.stderr.replace(/[A-Z]{4}-[A-Z]{4}/g, 'XXXX-XXXX'))));
  const cli = (args: string[]) => runCli(args, { env: { ...laptop, TOKENRELAY_API_URL: api.url }, home });
  const status = await cli(['auth', 'status']);
  console.log(bold(`   $ tokenrelay auth status   (exit ${status.code})`));
  console.log(indent(indent(status.stderr + status.stdout)));
  const before = provider.requests.length;
  const laptopToken = await cli(['auth', 'token']);
  console.log(
    `   $ tokenrelay auth token    -> exit ${laptopToken.code}, ${redactToken(laptopToken.stdout.trim())} (redacted here), ` +
      `${provider.requests.length - before} requests to the provider (cached)`,
  );
  const logout = await cli(['auth', 'logout']);
  console.log(bold(`   $ tokenrelay auth logout   (exit ${logout.code})`));
  console.log(indent(indent(logout.stderr)));
  const after = await cli(['auth', 'token']);
  console.log(`   $ tokenrelay auth token    -> exit ${after.code}: ${after.stderr.trim()}`);

  heading('Bad input fails fast with the documented exit code');
  const wrong = await runCli(['exchange'], {
    env: { ...env, TOKENRELAY_CLIENT_SECRET: 'wrong-secret-value' },
  });
  console.log(`   wrong client secret -> exit ${wrong.code}: ${wrong.stderr.trim()}`);
  const none = await runCli(['auth', 'token'], {});
  console.log(`   nothing configured  -> exit ${none.code}: ${none.stderr.trim()}`);

  const logs = [main.stdout, post.stdout, gl.stderr, cron.stderr, wrong.stderr, status.stderr, status.stdout];
  const leaked = logs.some((t) => t.includes(secret) || t.includes(laptopToken.stdout.trim()));
  console.log(
    `\n${leaked ? 'LEAK: a secret appeared in a log' : 'No secret appeared in any log shown above.'}`,
  );
  const failed = [main, post, gl, cron, oidc, status, laptopToken, logout].some((r) => r.code !== 0);
  if (leaked || failed) process.exitCode = 1;
} finally {
  await api.close();
  await provider.close();
  await ci.close();
}
