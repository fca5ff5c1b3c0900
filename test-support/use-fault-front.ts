/**
 * A fresh fault front for every test of a file: started before each test and closed after
 * it, so no queued behaviour or recorded request outlives its test. The object returned
 * stands for whichever front the running test has; it can be kept in a module constant.
 */
import { afterEach, beforeEach } from 'vitest';
import { type Behaviour, type FaultFront, startFaultFront } from './fault-front.ts';

export function useFaultFront(): FaultFront {
  let front: FaultFront | undefined;
  const current = () => {
    if (!front) throw new Error('the fault front only runs inside a test');
    return front;
  };

  beforeEach(async () => {
    front = await startFaultFront();
  });
  afterEach(async () => {
    await front?.close();
    front = undefined;
  });

  return {
    get url() {
      return current().url;
    },
    get host() {
      return current().host;
    },
    get requests() {
      return current().requests;
    },
    enqueue: (...behaviours: Behaviour[]) => current().enqueue(...behaviours),
    connections: () => current().connections(),
    close: () => current().close(),
  };
}
