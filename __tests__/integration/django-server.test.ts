/**
 * The suite's Django OAuth Toolkit server starts deterministically or says why not: a test
 * never waits out a timeout to learn that Python or the package is missing.
 */
import { describe, expect, it } from 'vitest';
import { startDjango } from '../../test-support/django-server.ts';

describe('starting the Django OAuth Toolkit server', () => {
  it('an interpreter that is not there: a clear error at once, naming what to run', async () => {
    const started = Date.now();
    await expect(startDjango({ python: '/nonexistent/python3' })).rejects.toThrow(
      /could not start \(\/nonexistent\/python3: spawn \/nonexistent\/python3 ENOENT\); run scripts\/system-deps\.sh/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a process that exits before listening: said, with its exit code', async () => {
    await expect(startDjango({ python: '/bin/false' })).rejects.toThrow(/exited \(1\) before listening/);
  });

  it('a real start answers HTTP on the port it reports, and stops', async () => {
    const server = await startDjango();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(server.tokenEndpoint);
      expect(res.status).toBe(405); // the token endpoint takes POST only
    } finally {
      await server.close();
    }
    await expect(fetch(server.tokenEndpoint)).rejects.toThrow();
  });
});
