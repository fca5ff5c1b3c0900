/**
 * `npm run bench`: ratios measured in one run on this machine (a benchmark, not a test).
 *  1. The Action's main bundle end to end against the local provider vs a floor script that
 *     starts Node and makes the same single token POST (target ≤ 1.3×, median of runs).
 *  2. Requests per exchange: 1 with token-endpoint, 2 with issuer.
 *  3. `tokenrelay auth token` with a token already at hand (no network) vs `node -e 0`
 *     (target ≤ 1.5×): from TOKENRELAY_TOKEN, from a stored session in credentials.json, and
 *     — under scripts/with-keyring.sh — from a stored session in the OS keychain.
 *  4. Bundle sizes (target: the Action's main bundle under 700 KB).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProvider } from '../test-support/provider.ts';
import { newJob } from '../test-support/run-action.ts';
import { seedStoredSession } from './bench-stored.ts';

const root = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const node = process.execPath;

/** Async, so the provider in this process keeps answering while the child runs. */
function timeOnce(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(node, args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs the commands interleaved, so drift on the machine hits both sides alike. */
async function compare(
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<{ a: number; b: number; ratio: number }> {
  await a();
  await b(); // warm the file cache
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(await a());
    bs.push(await b());
  }
  const ma = median(as);
  const mb = median(bs);
  return { a: ma, b: mb, ratio: ma / mb };
}

const row = (name: string, value: string, target: string, ok: boolean) =>
  console.log(`${ok ? 'ok  ' : 'MISS'} ${name.padEnd(58)} ${value.padEnd(26)} target ${target}`);

const provider = await startProvider();
try {
  const { clientId, clientSecret } = provider.clients.post;
  const tmp = mkdtempSync(join(tmpdir(), 'tokenrelay-bench-'));
  // The floor: start Node, one form POST with the same client, read the JSON. Written the
  // way a Node 24 script would (fetch), and once more on node:http, which skips loading
  // Node's internal undici (~30 ms) that fetch — and oauth4webapi's Headers/Response — need.
  const fetchFloor = join(tmp, 'floor-fetch.mjs');
  writeFileSync(
    fetchFloor,
    `const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: process.env.ID, client_secret: process.env.SECRET });
const res = await fetch(process.env.URL, { method: 'POST', body });
if (!(await res.json()).access_token) process.exit(1);
`,
  );
  const floor = join(tmp, 'floor.mjs');
  writeFileSync(
    floor,
    `import { request } from 'node:http';
const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: process.env.ID, client_secret: process.env.SECRET }).toString();
const req = request(process.env.URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
  let data = ''; res.on('data', (d) => (data += d)); res.on('end', () => { if (!JSON.parse(data).access_token) process.exit(1); });
});
req.end(body);
`,
  );
  const job = newJob();
  const runnerFile = (name: string) => {
    const f = join(job.runnerFiles, name);
    writeFileSync(f, '');
    return f;
  };
  const actionEnv = (inputs: Record<string, string>) => ({
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: job.temp,
    GITHUB_WORKSPACE: job.workspace,
    HOME: job.home,
    GITHUB_OUTPUT: runnerFile('out'),
    GITHUB_ENV: runnerFile('env'),
    GITHUB_STATE: runnerFile('state'),
    GITHUB_STEP_SUMMARY: runnerFile('summary'),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  });
  const ccInputs = {
    'client-id': clientId,
    'client-secret': clientSecret,
    'client-auth': 'client_secret_post',
    'token-endpoint': provider.tokenEndpoint,
    // Every run mints: the job's token cache would answer repeated runs without a request.
    'cache-dir': 'off',
  };

  console.log(`tokenrelay bench — Node ${process.version}, ${RUNS} interleaved runs each, medians\n`);

  const floorEnv = { URL: provider.tokenEndpoint, ID: clientId, SECRET: clientSecret };
  const runMain = () => timeOnce([join(root, 'dist/main/index.js')], actionEnv(ccInputs));
  const main = await compare(runMain, () => timeOnce([fetchFloor], floorEnv));
  row(
    'Action main bundle, client credentials vs floor POST (fetch)',
    `${main.a.toFixed(1)} / ${main.b.toFixed(1)} ms = ${main.ratio.toFixed(2)}×`,
    '≤ 1.30×',
    main.ratio <= 1.3,
  );
  const strict = await compare(runMain, () => timeOnce([floor], floorEnv));
  console.log(
    `     ${'  same, vs a node:http floor (no undici at all)'.padEnd(58)} ${`${strict.a.toFixed(1)} / ${strict.b.toFixed(1)} ms = ${strict.ratio.toFixed(2)}×`.padEnd(26)} (for information)`,
  );

  for (const [label, inputs, want] of [
    ['with token-endpoint', ccInputs, 1],
    ['with issuer (discovery)', { ...ccInputs, 'token-endpoint': '', issuer: provider.issuer }, 2],
  ] as const) {
    provider.resetRecords();
    await timeOnce([join(root, 'dist/main/index.js')], actionEnv(inputs as Record<string, string>));
    const n = provider.requests.length;
    row(`Requests per exchange ${label}`, String(n), String(want), n === want);
  }

  const cli = join(root, 'dist/cli/tokenrelay.mjs');
  const cases: [string, Record<string, string>][] = [
    [
      'CLI auth token, TOKENRELAY_TOKEN',
      { HOME: job.home, TOKENRELAY_TOKEN: 'tr_pat_bench_0123456789abcdef' },
    ],
    [
      'CLI auth token, stored session, file',
      (await seedStoredSession('file', provider.issuer, provider.tokenEndpoint)).env,
    ],
  ];
  if (process.env.DBUS_SESSION_BUS_ADDRESS) {
    const keychain = await seedStoredSession('keychain', provider.issuer, provider.tokenEndpoint);
    cases.push(['CLI auth token, stored session, keychain', keychain.env]);
  }
  for (const [label, env] of cases) {
    provider.resetRecords();
    const cached = await compare(
      () => timeOnce([cli, 'auth', 'token'], env),
      () => timeOnce(['-e', '0'], {}),
    );
    const calls = provider.requests.length;
    row(
      `${label} (no network) vs node -e 0`,
      `${cached.a.toFixed(1)} / ${cached.b.toFixed(1)} ms = ${cached.ratio.toFixed(2)}×`,
      '≤ 1.50×',
      cached.ratio <= 1.5 && calls === 0,
    );
    if (calls) console.log(`     ^ made ${calls} request(s) to the provider; the cached path must make none`);
  }
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.log('     (no keychain row: run under `bash scripts/with-keyring.sh npm run bench` for one)');
  }

  for (const [name, path, limit] of [
    ['dist/main/index.js', 'dist/main/index.js', 700 * 1024],
    ['dist/post/index.js', 'dist/post/index.js', undefined],
    ['dist/cli/tokenrelay.mjs', 'dist/cli/tokenrelay.mjs', undefined],
  ] as const) {
    const size = statSync(join(root, path)).size;
    row(
      `Bundle size ${name}`,
      `${(size / 1024).toFixed(0)} KB`,
      limit ? `< ${limit / 1024} KB` : '(printed)',
      !limit || size < limit,
    );
  }
} finally {
  await provider.close();
}
