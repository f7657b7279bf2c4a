import { describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { atom } from '@beamload/beam-format';

const programs = new URL('./executors/programs.mjs', import.meta.url);

async function withRuntime<T>(schedulers: number, body: (runtime: Runtime) => Promise<T>, gcTorture = false): Promise<T> {
  const runtime = await Runtime.start({ schedulers, executorModule: programs, gcTorture });
  try {
    return await body(runtime);
  } finally {
    const terminated = await runtime.stop();
    expect(terminated).toBe(0);
    expect(runtime.exitedSchedulers).toBe(schedulers);
  }
}

describe('scheduler threads', () => {
  it('runs a process to completion and returns its value (1 scheduler)', async () => {
    await withRuntime(1, async (runtime) => {
      expect(await runtime.call('test', 'noop', [])).toBe(atom('ok'));
    });
  });

  it('yields every slice and resumes where the process left off', async () => {
    await withRuntime(2, async (runtime) => {
      // 50 slices of 4000 reductions each: the process's own counter proves it was rescheduled 50 times.
      expect(await runtime.call('test', 'slices', [50, 0])).toBe(50 * 4000);
    });
  });

  it('a crashing process does not take down its scheduler', async () => {
    await withRuntime(1, async (runtime) => {
      const crashed = await runtime.callOutcome('test', 'crash', []);
      expect(crashed.ok).toBe(false);
      if (!crashed.ok) expect(crashed.reason).toBe(atom('internal_error'));
      expect(await runtime.call('test', 'noop', [])).toBe(atom('ok'));
    });
  });

  it('keeps every scheduler busy with a parallel workload and steals work', async () => {
    await withRuntime(2, async (runtime) => {
      // 8 processes x 20 slices x 5 ms of work: both schedulers must run a fair share of
      // the slices. (How much faster that is than one scheduler is the benchmark's job.)
      await Promise.all(Array.from({ length: 8 }, () => runtime.call('test', 'slices', [20, 5])));
      const stats = runtime.statistics();
      expect(stats.slicesPerScheduler.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(160);
      expect(Math.min(...stats.slicesPerScheduler)).toBeGreaterThan(20);
    });
  });

  it('an idle scheduler sleeps instead of spinning', async () => {
    await withRuntime(2, async (runtime) => {
      await runtime.call('test', 'noop', []);
      const before = [runtime.progressOf(0), runtime.progressOf(1)];
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = [runtime.progressOf(0), runtime.progressOf(1)];
      // A spinning loop would pass thousands of safe points in 200 ms.
      expect(after[0] - before[0]).toBeLessThan(20);
      expect(after[1] - before[1]).toBeLessThan(20);
    });
  });
});
