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
import { startProfileApi, TEST_API_KEYS } from '../test-support/profile-api.ts';
import { startProvider } from '../test-support/provider.ts';
import { type ActionRun, runActionMain, runActionPost } from '../test-support/run-action.ts';
import { runCli } from '../test-support/run-cli.ts';

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

const provider = await startProvider();
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

  heading('Bad input fails fast with the documented exit code');
  const wrong = await runCli(['exchange'], {
    env: { ...env, TOKENRELAY_CLIENT_SECRET: 'wrong-secret-value' },
  });
  console.log(`   wrong client secret -> exit ${wrong.code}: ${wrong.stderr.trim()}`);
  const none = await runCli(['auth', 'token'], {});
  console.log(`   nothing configured  -> exit ${none.code}: ${none.stderr.trim()}`);

  const leaked = [main.stdout, post.stdout, gl.stderr, cron.stderr, wrong.stderr].some((t) =>
    t.includes(secret),
  );
  console.log(
    `\n${leaked ? 'LEAK: the client secret appeared in a log' : 'The client secret appeared in no log.'}`,
  );
  if (leaked || main.code !== 0 || gl.code !== 0 || cron.code !== 0) process.exitCode = 1;
} finally {
  await api.close();
  await provider.close();
}
