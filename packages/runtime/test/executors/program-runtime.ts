/**
 * Helpers for the suites that run the test executor's programs (executors/programs.mjs:
 * native "processes" such as spin/1) on real scheduler threads.
 */
import { expect } from 'vitest';
import { Runtime, SCHEDULER_CURRENT_PID, schedulerBlock } from '@beamload/runtime';

const programs = new URL('./programs.mjs', import.meta.url);

/** Runs `body` on a fresh runtime of the test programs, then checks a clean stop. */
export async function withRuntime<T>(schedulers: number, body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await Runtime.start({ schedulers, executorModule: programs });
  try {
    return await body(runtime);
  } finally {
    expect(await runtime.stop()).toBe(0);
  }
}

/** Resolves once some scheduler is running a process (so a slice is in progress). */
export async function untilRunning(runtime: Runtime): Promise<void> {
  for (;;) {
    for (let id = 0; id < runtime.schedulerCount; id++) {
      if (Atomics.load(runtime.view.memory, schedulerBlock(runtime.view.layout, id) + SCHEDULER_CURRENT_PID) !== 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
