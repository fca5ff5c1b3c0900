/**
 * For `npm run bench`, in its own process so the processes being timed (and the 200 of the
 * storm) do not share an event loop with the server they call: the suite's provider, and a
 * thin front on its token endpoint that admits 20 requests per second (a bucket of 20,
 * refilled continuously) and answers the rest `429 Retry-After: 1`, as a rate-limited
 * identity provider does.
 *
 * Prints one JSON line (BenchServerInfo) when ready. On stdin: `stats` answers a JSON line
 * of counts, `reset` zeroes them; the process exits when stdin ends.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { startProvider } from '../test-support/provider.ts';

export interface BenchServerInfo {
  issuer: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  /** The rate-limited front's token endpoint. */
  limitedTokenEndpoint: string;
  basic: { clientId: string; clientSecret: string };
  post: { clientId: string; clientSecret: string };
  /** A resource with opaque tokens: the provider revokes only those. */
  opaqueResource: string;
}

export interface BenchServerStats {
  /** Requests the provider answered (the front's admitted ones included). */
  provider: number;
  front: { requests: number; admitted: number; limited: number; byStatus: Record<string, number> };
}

const RATE = Number(process.env.STORM_RATE ?? 20);

const provider = await startProvider();
const upstream = new URL(provider.tokenEndpoint);
let tokens = RATE;
let last = performance.now();
const fresh = () => ({ requests: 0, admitted: 0, limited: 0, byStatus: {} as Record<string, number> });
let front = fresh();

const server = createServer((req, res) => {
  front.requests++;
  const now = performance.now();
  tokens = Math.min(RATE, tokens + ((now - last) / 1000) * RATE);
  last = now;
  if (tokens < 1) {
    front.limited++;
    req.resume();
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end('{"error":"slow_down"}');
    return;
  }
  tokens -= 1;
  front.admitted++;
  const forward = request(
    upstream,
    { method: req.method, headers: { ...req.headers, host: upstream.host }, agent: false },
    (answer) => {
      const code = String(answer.statusCode);
      front.byStatus[code] = (front.byStatus[code] ?? 0) + 1;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => res.writeHead(502).end());
  req.pipe(forward);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const info: BenchServerInfo = {
  issuer: provider.issuer,
  tokenEndpoint: provider.tokenEndpoint,
  revocationEndpoint: provider.revocationEndpoint,
  limitedTokenEndpoint: `http://127.0.0.1:${port}${upstream.pathname}`,
  basic: provider.clients.basic,
  post: provider.clients.post,
  opaqueResource: provider.resources.opaque,
};
process.stdout.write(`${JSON.stringify(info)}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'reset') {
    provider.resetRecords();
    front = fresh();
  }
  if (command === 'stats' || command === 'reset') {
    const stats: BenchServerStats = { provider: provider.requests.length, front };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  }
}
server.close();
await provider.close();
