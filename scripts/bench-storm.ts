/**
 * The 429 storm for `npm run bench` (or alone: `node scripts/bench-storm.ts`): a matrix of
 * 200 jobs hitting one provider at once. 200 `tokenrelay exchange` processes of the CLI
 * bundle start together, with default settings, against a token endpoint that admits 20
 * requests per second and answers the rest 429 Retry-After: 1 (scripts/bench-storm-server.ts,
 * its own process). Reports how many got a token, the requests the endpoint saw (minimum:
 * one per run) and the completion times.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface StormResult {
  runs: number;
  succeeded: number;
  /** Token requests the endpoint received (429s included). */
  requests: number;
  /** Requests the provider itself answered, by status: only 200s when no run is refused. */
  byStatus: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
  failures: string[];
}

const root = new URL('..', import.meta.url).pathname;

function lines(child: ChildProcess) {
  const it = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return async () => {
    const next = await it.next();
    if (next.done) throw new Error('the storm server stopped');
    return JSON.parse(next.value) as Record<string, unknown>;
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runStorm(runs = 200): Promise<StormResult> {
  const server = spawn(process.execPath, [join(root, 'scripts/bench-storm-server.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const next = lines(server);
  try {
    const { tokenEndpoint, clientId, clientSecret } = (await next()) as Record<string, string>;
    const home = mkdtempSync(join(tmpdir(), 'tokenrelay-storm-'));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      TOKENRELAY_CONFIG_DIR: join(home, 'config'),
      TOKENRELAY_TOKEN_ENDPOINT: tokenEndpoint!,
      TOKENRELAY_CLIENT_ID: clientId!,
      TOKENRELAY_CLIENT_SECRET: clientSecret!,
    };
    const cli = join(root, 'dist/cli/tokenrelay.mjs');
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
    const results = await Promise.all(Array.from({ length: runs }, one));
    server.stdin!.write('stats\n');
    const stats = (await next()) as { requests: number; byStatus: Record<string, number> };
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      runs,
      succeeded: results.filter((r) => r.ok).length,
      requests: stats.requests,
      byStatus: stats.byStatus,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times.at(-1)!,
      failures: [...new Set(results.filter((r) => !r.ok).map((r) => r.why))].slice(0, 3),
    };
  } finally {
    server.stdin!.end();
    server.kill();
  }
}

if (import.meta.main) {
  const r = await runStorm(Number(process.env.STORM_RUNS ?? 200));
  console.log(JSON.stringify(r, null, 2));
}
