/** The system block log: every block's request, all-parked and release times. */
import { describe, expect, it } from 'vitest';
import { Runtime, SCHEDULER_CURRENT_PID, schedulerBlock } from '@beamload/runtime';

const programs = new URL('./executors/programs.mjs', import.meta.url);
const HOST_BLOCKER = 0x7fff;

async function withRuntime<T>(schedulers: number, body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await Runtime.start({ schedulers, executorModule: programs });
  try {
    return await body(runtime);
  } finally {
    expect(await runtime.stop()).toBe(0);
  }
}

async function untilRunning(runtime: Runtime): Promise<void> {
  for (;;) {
    for (let id = 0; id < runtime.schedulerCount; id++) {
      if (Atomics.load(runtime.view.memory, schedulerBlock(runtime.view.layout, id) + SCHEDULER_CURRENT_PID) !== 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('system block intervals', () => {
  it('a host block records the wait for a long slice, then the stopped world until the release', async () => {
    await withRuntime(2, async (runtime) => {
      expect(runtime.systemBlocks()).toEqual([]);
      const spinning = runtime.call('test', 'spin', [300]);
      await untilRunning(runtime);
      runtime.blockSystem();
      const until = performance.now() + 40;
      while (performance.now() < until);
      runtime.releaseSystem();
      await spinning;
      const blocks = runtime.systemBlocks();
      expect(blocks).toHaveLength(1);
      const [block] = blocks;
      expect(block!.index).toBe(0);
      expect(block!.blocker).toBe(HOST_BLOCKER);
      // The spinning slice delays the park by most of its 300 ms.
      expect(block!.allParkedUs - block!.requestedUs).toBeGreaterThan(150_000);
      expect(block!.releasedUs - block!.allParkedUs).toBeGreaterThanOrEqual(39_000);
      expect(runtime.systemBlockCount()).toBe(1);
    });
  });

  it('a block taken by a process is logged with its scheduler as the blocker; a cursor skips older ones', async () => {
    await withRuntime(2, async (runtime) => {
      runtime.blockSystem();
      runtime.releaseSystem();
      const cursor = runtime.systemBlockCount();
      await runtime.call('test', 'block_system', [20]);
      const blocks = runtime.systemBlocks(cursor);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]!.index).toBe(cursor);
      expect(blocks[0]!.blocker).toBeLessThan(2);
      expect(blocks[0]!.requestedUs).toBeLessThanOrEqual(blocks[0]!.allParkedUs);
      expect(blocks[0]!.allParkedUs).toBeLessThanOrEqual(blocks[0]!.releasedUs);
    });
  });

  it('a release without a block logs nothing', async () => {
    await withRuntime(1, async (runtime) => {
      runtime.releaseSystem();
      expect(runtime.systemBlocks()).toEqual([]);
    });
  });
});
