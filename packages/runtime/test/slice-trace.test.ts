/**
 * The scheduler trace (`Runtime.start({ trace: true })`, src/scheduler/slice-trace.ts)
 * records what really ran: the slices of a process that keeps a growing list, the
 * collections of its heap with the live words they copied, the system-task steps of a
 * sliced prepare_loading, the schedulers' sleeps and the threads' clocks, all on the
 * clock erlang:monotonic_time(microsecond) reads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monotonicMicroseconds, Runtime, type SliceTraceEvent } from '@beamload/runtime';

const fixtures = fileURLToPath(new URL('./process-fixtures', import.meta.url));
const LIST_LENGTH = 20_000;

describe('scheduler trace', () => {
  let runtime: Runtime;
  let pid = 0;
  let startedUs = 0;
  let endedUs = 0;
  let events: SliceTraceEvent[] = [];

  beforeAll(async () => {
    runtime = await Runtime.start({ schedulers: 2, trace: { capacity: 1 << 18 }, loadStrategy: 'epoch' });
    await runtime.loadModule(readFileSync(`${fixtures}/trace_demo.beam`));
    startedUs = monotonicMicroseconds();
    pid = runtime.spawn('trace_demo', 'run', [LIST_LENGTH, readFileSync(`${fixtures}/hot.beam`)]);
    expect(await runtime.waitForIdle(30_000)).toBe(true);
    endedUs = monotonicMicroseconds();
    const traces = runtime.sliceTrace();
    expect(traces.map((trace) => trace.scheduler)).toEqual([0, 1]);
    for (const trace of traces) expect(trace.dropped).toBe(0);
    events = traces.flatMap((trace) => trace.events).sort((left, right) => left.timeUs - right.timeUs);
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('records every slice of the process, start before end, with the reductions it used', () => {
    const starts = events.filter((event) => event.kind === 'slice-start' && event.pid === pid);
    const ends = events.filter((event) => event.kind === 'slice-end' && event.pid === pid);
    // About one slice per round trip (the process waits for the echo unless the reply,
    // from the other scheduler, is already there).
    expect(starts.length).toBeGreaterThanOrEqual(LIST_LENGTH / 4);
    expect(ends.length).toBe(starts.length);
    expect(ends.reduce((sum, event) => sum + event.b, 0)).toBeGreaterThanOrEqual(LIST_LENGTH);
    expect(ends.at(-1)!.a).toBe(2); // the last slice ends with the process's exit
    for (const event of [...starts, ...ends]) {
      expect(event.timeUs).toBeGreaterThanOrEqual(startedUs);
      expect(event.timeUs).toBeLessThanOrEqual(endedUs);
    }
  });

  it('records collections of the growing heap with the live words they copied', () => {
    const gcEnds = events.filter((event) => event.kind === 'gc-end' && event.pid === pid);
    const gcStarts = events.filter((event) => event.kind === 'gc-start' && event.pid === pid);
    expect(gcEnds.length).toBeGreaterThan(3);
    expect(gcStarts.length).toBe(gcEnds.length);
    // The explicit garbage_collect() after the build copies the whole list: 2 words a cell.
    expect(Math.max(...gcEnds.map((event) => event.a))).toBeGreaterThanOrEqual(2 * LIST_LENGTH);
    for (const event of gcEnds) expect(event.b).toBeGreaterThan(event.a); // the new block holds the live words
  });

  it('records the system-task steps of the sliced prepare_loading, and the sleeps and thread clocks', () => {
    const taskEnds = events.filter((event) => event.kind === 'task-end' && event.pid === pid);
    expect(taskEnds.some((event) => event.a === 1)).toBe(true); // a prepare slice
    expect(taskEnds.some((event) => event.a === 0)).toBe(true); // a finished task
    expect(events.some((event) => event.kind === 'sleep')).toBe(true);
    expect(events.some((event) => event.kind === 'wake')).toBe(true);
    const clocks = events.filter((event) => event.kind === 'thread-clock');
    expect(clocks.length).toBeGreaterThan(1);
    if (process.platform === 'linux') {
      expect(clocks.at(-1)!.a).toBeGreaterThan(clocks[0]!.a); // the thread's CPU time grew
      expect(clocks.every((event) => event.b >= 0 && event.c > 0)).toBe(true);
    }
  });

  it('is off unless asked for', async () => {
    const quiet = await Runtime.start({ schedulers: 1 });
    try {
      expect(quiet.sliceTrace()).toEqual([]);
    } finally {
      await quiet.stop();
    }
  });
});
