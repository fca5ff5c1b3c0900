/**
 * For `npm run bench`, in its own process so the 200 clients of the storm do not share an
 * event loop with the server they hammer: the suite's provider behind a thin front that
 * admits 20 token requests per second (a bucket of 20, refilled continuously) and answers
 * the rest `429 Retry-After: 1`, as a rate-limited identity provider does.
 *
 * Prints one JSON line ({ tokenEndpoint, clientId, clientSecret }) when ready; answers
 * `stats` on stdin with a JSON line of counts; exits when stdin ends.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { startProvider } from '../test-support/provider.ts';

const RATE = Number(process.env.STORM_RATE ?? 20);

const provider = await startProvider();
const upstream = new URL(provider.tokenEndpoint);
let tokens = RATE;
let last = performance.now();
const stats = { requests: 0, admitted: 0, limited: 0, byStatus: {} as Record<string, number> };

const front = createServer((req, res) => {
  stats.requests++;
  const now = performance.now();
  tokens = Math.min(RATE, tokens + ((now - last) / 1000) * RATE);
  last = now;
  if (tokens < 1) {
    stats.limited++;
    req.resume();
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end('{"error":"slow_down"}');
    return;
  }
  tokens -= 1;
  stats.admitted++;
  const forward = request(
    upstream,
    { method: req.method, headers: { ...req.headers, host: upstream.host }, agent: false },
    (answer) => {
      const code = String(answer.statusCode);
      stats.byStatus[code] = (stats.byStatus[code] ?? 0) + 1;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => res.writeHead(502).end());
  req.pipe(forward);
});
await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
const { port } = front.address() as AddressInfo;

const { clientId, clientSecret } = provider.clients.basic;
process.stdout.write(
  `${JSON.stringify({ tokenEndpoint: `http://127.0.0.1:${port}${upstream.pathname}`, clientId, clientSecret })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(stats)}\n`);
}
front.close();
await provider.close();
