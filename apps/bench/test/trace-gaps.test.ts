import { describe, expect, it } from 'vitest';
import { explainGaps, type TraceInput } from '../src/trace-gaps.js';

type Event = TraceInput['events'][number];

function event(timeUs: number, kind: string, pid = 0, a = 0, b = 0, c = 0): Event {
  return { timeUs, kind, pid, a, b, c };
}

/** A worker slice (pid 10) containing a sample time, ending waiting for its echo (pid 11), which runs next. */
function workerSlice(start: number, end: number): Event[] {
  return [event(start, 'slice-start', 10), event(end, 'slice-end', 10, 1, 20), event(end + 2, 'slice-start', 11), event(end + 5, 'slice-end', 11, 1, 2)];
}

describe('explainGaps', () => {
  // Scheduler 0: the worker (pid 10) iterates every 100 µs, then waits 30 ms while pid 20
  // runs one slice with a 25 ms collection; the thread clock says 2 ms of it was the OS.
  const events: Event[] = [event(0, 'thread-clock', 0, 1_000, 500, 2_000)];
  const ends: number[] = [];
  for (let time = 100; time <= 1_000; time += 100) {
    events.push(...workerSlice(time - 10, time + 10));
    ends.push(time);
  }
  events.push(
    event(1_050, 'slice-start', 20),
    event(2_000, 'gc-start', 20, 300_000),
    event(27_000, 'gc-end', 20, 290_000, 600_000),
    event(30_000, 'slice-end', 20, 0, 4_000),
  );
  events.push(...workerSlice(31_010, 31_030), event(31_100, 'thread-clock', 0, 30_000, 2_500, 2_000));
  ends.push(31_020);
  const trace: TraceInput[] = [{ scheduler: 0, events, dropped: 0 }];

  it("finds the worker's pid and says what held its scheduler during its largest gap", () => {
    const report = explainGaps(trace, [{ id: 1, ends }], 1);
    expect(report.processNames['10']).toBe('worker 1');
    expect(report.processNames['11']).toBe('echo 1');
    const [gap] = report.gaps;
    expect(gap!.gapMs).toBeCloseTo(30.02, 2);
    expect(gap!.workerPid).toBe(10);
    expect(gap!.before).toEqual({ scheduler: 0, endUs: 1_010, outcome: 'waiting' });
    expect(gap!.after).toEqual({ scheduler: 0, startUs: 31_010, stolen: false });
    const pid20 = gap!.schedulers[0]!.processes.find((share) => share.process === 'pid 20')!;
    expect(pid20.gcMs).toBe(25);
    expect(pid20.gcWordsMax).toBe(290_000);
    expect(gap!.home).toMatchObject({ scheduler: 0, ourGcMs: 25, osRunQueueWaitMs: 2, taskStepMs: 0 });
    expect(gap!.home!.otherSlicesMs).toBeCloseTo(28.95 - 25, 2);
    expect(gap!.verdict).toContain('our GC 25 ms');
    expect(report.longestGcs[0]).toMatchObject({ process: 'pid 20', ms: 25, words: 290_000, threadCpuMs: 29, runQueueWaitMs: 2 });
    expect(report.attribution).toMatchObject({ gaps: 1, ourGcMs: 25, osRunQueueWaitMs: 2 });
  });

  it('keeps to the window it is given', () => {
    const report = explainGaps(trace, [{ id: 1, ends }], 1, { from: 0, to: 1_000 });
    expect(report.gaps[0]!.gapMs).toBeCloseTo(0.1, 3);
    expect(report.longestGcs).toEqual([]);
  });
});
