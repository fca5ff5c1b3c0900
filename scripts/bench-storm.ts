/**
 * The 429 storm for `npm run bench` (or alone: `node scripts/bench-storm.ts`): a matrix of
 * 200 jobs hitting one provider at once. 200 `tokenrelay exchange` processes of the
 * installed command (the launcher, its compile cache warmed by one run) start together, with
 * default settings, against a token endpoint that admits 20
 * requests per second and answers the rest 429 Retry-After: 1 (scripts/bench-server.ts, its
 * own process). Reports how many got a token, the requests the endpoint saw (minimum: one
 * per run) and the completion times. On a real matrix every job has a machine of its own;
 * here 200 Node processes share this one's cores, so completion times measure start-up under
 * contention as much as the retry policy — the request total measures the policy alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchServerInfo, BenchServerStats } from './bench-server.ts';

export interface StormResult {
  runs: number;
  succeeded: number;
  /** Token requests the endpoint received (429s included). */
  requests: number;
  /** Statuses of the requests the provider itself answered: all 200 when nothing was refused. */
  byStatus: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
  failures: string[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BenchServer {
  info: BenchServerInfo;
  stats(): Promise<BenchServerStats>;
  reset(): Promise<BenchServerStats>;
  close(): void;
}

/** Starts scripts/bench-server.ts in its own process. */
export async function startBenchServer(): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts/bench-server.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async <T>() => {
    const line = await lines.next();
    if (line.done) throw new Error('the bench server stopped');
    return JSON.parse(line.value) as T;
  };
  const ask = (command: string) => {
    child.stdin!.write(`${command}\n`);
    return next<BenchServerStats>();
  };
  const info = await next<BenchServerInfo>();
  return {
    info,
    stats: () => ask('stats'),
    reset: () => ask('reset'),
    close: () => {
      child.stdin!.end();
      child.kill();
    },
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runStorm(server: BenchServer, runs = 200): Promise<StormResult> {
  const { info } = server;
  const home = mkdtempSync(join(tmpdir(), 'tokenrelay-storm-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    TOKENRELAY_CONFIG_DIR: join(home, 'config'),
    TOKENRELAY_TOKEN_ENDPOINT: info.limitedTokenEndpoint,
    TOKENRELAY_CLIENT_ID: info.basic.clientId,
    TOKENRELAY_CLIENT_SECRET: info.basic.clientSecret,
  };
  const cli = join(root, 'dist/cli/launch.mjs');
  const one = () =>
    new Promise<{ ms: number; ok: boolean; why: string }>((resolve) => {
      const start = performance.now();
      const child = spawn(process.execPath, [cli, 'exchange'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => {
        const ms = performance.now() - start;
        resolve({ ms, ok: code === 0 && out.trim().length > 0, why: `exit ${code}: ${err.trim()}` });
      });
    });
  await one(); // warms the compile cache, as any earlier use of the installed command has
  await server.reset();
  const results = await Promise.all(Array.from({ length: runs }, one));
  const { front } = await server.stats();
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    runs,
    succeeded: results.filter((r) => r.ok).length,
    requests: front.requests,
    byStatus: front.byStatus,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1)!,
    failures: [...new Set(results.filter((r) => !r.ok).map((r) => r.why))].slice(0, 3),
  };
}

if (import.meta.main) {
  const server = await startBenchServer();
  try {
    console.log(JSON.stringify(await runStorm(server, Number(process.env.STORM_RUNS ?? 200)), null, 2));
  } finally {
    server.close();
  }
}
