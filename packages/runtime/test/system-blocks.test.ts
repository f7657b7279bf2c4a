/** The system block log: every block's request, all-parked and release times. */
import { describe, expect, it } from 'vitest';
import { withRuntime, untilRunning } from './executors/program-runtime.js';

const HOST_BLOCKER = 0x7fff;

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
