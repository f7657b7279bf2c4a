import type { SystemBlockInterval } from '@beamload/runtime';
import type { RawScenarioResult } from '../results-schema.js';

/**
 * Each load's "world stopped": the time, within its window (prepare_loading's start to
 * finish_loading's end), that every scheduler but the blocker was parked, from the
 * runtime's block log. Both sides read the same monotonic clock (µs). A load during which
 * no block happened gets 0, measured, not assumed.
 */
export function fillWorldStopped(raw: RawScenarioResult, blocks: ReadonlyArray<Pick<SystemBlockInterval, 'allParkedUs' | 'releasedUs'>>): void {
  for (const load of raw.loads) {
    let stoppedUs = 0;
    for (const block of blocks) {
      const from = Math.max(block.allParkedUs, load.prepare_start);
      const to = Math.min(block.releasedUs, load.finish_end);
      if (to > from) stoppedUs += to - from;
    }
    load.world_stopped_us = Math.round(stoppedUs);
  }
}
