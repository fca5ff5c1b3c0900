/**
 * One contender in the lock test, run as its own process: under the environment lock it reads
 * a counter record, waits a little (so a missing lock would lose updates), and writes it back
 * incremented. It logs entering and leaving the critical section to show they never overlap.
 *   node store-lock-child.ts <configDir> <environment> <logFile>
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileStore } from '../../src/store/file-store.ts';

const [dir, environment, log] = process.argv.slice(2) as [string, string, string];
const store = new FileStore({
  dir,
  warn: (m) => process.stderr.write(`${m}\n`),
  lock: { timeoutMs: 60_000 },
});

await store.withLock(environment, async () => {
  appendFileSync(log, `enter ${process.pid}\n`);
  const current = await store.get(environment, 'static');
  const count = current ? Number(current.token.replace('count-', '')) : 0;
  await sleep(5 + Math.random() * 15);
  await store.put({
    kind: 'static',
    environment,
    token: `count-${count + 1}`,
    savedAt: new Date().toISOString(),
  });
  appendFileSync(log, `leave ${process.pid}\n`);
});
