import { describe, expect, it } from 'vitest';
import { withRuntime, untilRunning } from './executors/program-runtime.js';

describe('blocking the system', () => {
  it('the blocker waits for a scheduler deep in a long slice to reach its safe point', async () => {
    await withRuntime(2, async (runtime) => {
      const spinning = runtime.call('test', 'spin', [400]);
      await untilRunning(runtime);
      const started = performance.now();
      const waitedUs = runtime.blockSystem();
      const progress = [runtime.progressOf(0), runtime.progressOf(1)];
      // While blocked, no scheduler passes a safe point.
      const until = performance.now() + 50;
      while (performance.now() < until);
      expect([runtime.progressOf(0), runtime.progressOf(1)]).toEqual(progress);
      runtime.releaseSystem();
      expect(waitedUs / 1000).toBeGreaterThan(200);
      expect(performance.now() - started).toBeGreaterThan(200);
      expect(await spinning).toBe(400);
      expect(runtime.statistics().longestBlockWaitUs).toBeGreaterThanOrEqual(waitedUs);
    });
  });

  it('blocking an idle system is quick (sleepers are woken to park)', async () => {
    await withRuntime(2, async (runtime) => {
      const waitedUs = runtime.blockSystem();
      runtime.releaseSystem();
      expect(waitedUs).toBeLessThan(50_000);
      expect(await runtime.call('test', 'noop', [])).toBeTruthy();
    });
  });

  it('a process blocking the system waits for the other scheduler, then releases it', async () => {
    await withRuntime(2, async (runtime) => {
      const spinning = runtime.call('test', 'spin', [300]);
      await untilRunning(runtime);
      const waitedMs = (await runtime.call('test', 'block_system', [20])) as number;
      expect(waitedMs).toBeGreaterThan(150);
      expect(await spinning).toBe(300);
    });
  });
});

describe('thread progress', () => {
  it('sleeping schedulers count as having passed', async () => {
    await withRuntime(2, async (runtime) => {
      await runtime.call('test', 'noop', []);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const waited = await runtime.waitForThreadProgress();
      expect(waited).toBeLessThan(50);
    });
  });

  it('waits for a scheduler in a long slice; only the waiting process is suspended', async () => {
    await withRuntime(2, async (runtime) => {
      const spinning = runtime.call('test', 'spin', [300]);
      await untilRunning(runtime);
      // The waiter runs on the other scheduler; meanwhile that scheduler keeps running other work.
      const waiter = runtime.call('test', 'thread_progress', []);
      const others = Promise.all([runtime.call('test', 'slices', [5, 1]), runtime.call('test', 'slices', [5, 1])]);
      const otherDone = await others.then(() => performance.now());
      const waitedMs = (await waiter) as number;
      const waiterDone = performance.now();
      expect(waitedMs).toBeGreaterThan(150);
      expect(otherDone).toBeLessThan(waiterDone);
      await spinning;
    });
  });
});

describe('code-write permission', () => {
  it('one holder at a time, FIFO; waiting processes are suspended, not their scheduler', async () => {
    await withRuntime(2, async (runtime) => {
      const hold = 40;
      const holders = Array.from({ length: 4 }, () => runtime.call('test', 'hold_permission', [hold]));
      const bystander = runtime.call('test', 'slices', [10, 1]).then(() => performance.now());
      const acquired = ((await Promise.all(holders)) as number[]).sort((a, b) => a - b);
      const allDone = performance.now();
      for (let i = 1; i < acquired.length; i++) {
        // 0.1 ms units: each holder acquired at least `hold` ms after the previous one.
        expect(acquired[i] - acquired[i - 1]).toBeGreaterThanOrEqual(hold * 10 - 5);
      }
      expect(await bystander).toBeLessThan(allDone);
    });
  });
});
