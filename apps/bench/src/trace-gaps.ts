/**
 * Explains the workers' largest gaps from our runtime's scheduler trace (`--trace`,
 * `Runtime.start({ trace: true })`): for each gap, which process the worker is, where its
 * last slice before and first slice after the gap ran, and what occupied every scheduler
 * in between (slices per process, our collections, system-task steps such as prepare
 * slices, sleeping, parked, the scheduler loop itself) together with the OS's share (the
 * thread's run-queue wait) and V8's heap dropping (a V8 collection) on that thread.
 */

/** The runtime's trace of one scheduler (structure of @beamload/runtime's SchedulerTrace). */
export interface TraceInput {
  scheduler: number;
  events: Array<{ timeUs: number; kind: string; pid: number; a: number; b: number; c: number }>;
  dropped: number;
}

interface Slice {
  scheduler: number;
  pid: number;
  start: number;
  end: number;
  outcome: number;
  reductions: number;
  stolen: boolean;
  /** Our collections inside the slice: total µs, each one's µs, most live words copied. */
  gcUs: number;
  gcs: number[];
  gcWords: number;
  /** System-task steps inside the slice (a loader's prepare slices): µs and the longest. */
  taskUs: number;
  longestTaskUs: number;
}

interface Interval {
  start: number;
  end: number;
}

interface ClockSample {
  time: number;
  cpuUs: number;
  waitUs: number;
  v8HeapKiB: number;
}

interface SchedulerTimeline {
  slices: Slice[];
  sleeps: Interval[];
  parks: Interval[];
  clock: ClockSample[];
}

export interface ProcessShare {
  process: string;
  ms: number;
  slices: number;
  longestSliceMs: number;
  reductions: number;
  gcMs: number;
  gcCount: number;
  longestGcMs: number;
  gcWordsMax: number;
  taskMs: number;
  longestTaskStepMs: number;
}

export interface SchedulerShare {
  scheduler: number;
  /** Time in slices, by process, largest first. */
  processes: ProcessShare[];
  sleepMs: number;
  parkedMs: number;
  /** Neither in a slice nor asleep nor parked: the scheduler loop between slices. */
  betweenSlicesMs: number;
  /** From the thread-clock samples around the gap (so over a slightly longer span). */
  clockSpanMs: number | null;
  threadCpuMs: number | null;
  runQueueWaitMs: number | null;
  /** V8 heap shrinking between samples inside the span: V8 collected on this thread. */
  v8HeapDropKiB: number | null;
}

export interface GapExplanation {
  worker: number;
  gapMs: number;
  startUs: number;
  endUs: number;
  workerPid: number | null;
  /** The worker's slice before the gap and the one after (scheduler, how it ended). */
  before: { scheduler: number; endUs: number; outcome: string } | null;
  after: { scheduler: number; startUs: number; stolen: boolean } | null;
  schedulers: SchedulerShare[];
  /** The scheduler the worker ran on after the gap (else before it): what held it, in ms. */
  home: GapAttribution | null;
  /** One line: what took the time. */
  verdict: string;
}

/** What held a worker's scheduler during a gap (the parts can overlap: the OS can preempt a collection). */
export interface GapAttribution {
  scheduler: number;
  gapMs: number;
  /** The thread waited runnable for a core (over the clock samples around the gap). */
  osRunQueueWaitMs: number;
  /** Our collections of any process there. */
  ourGcMs: number;
  /** System-task steps (a loader's prepare slices) there. */
  taskStepMs: number;
  /** Other processes' slices there, collections and task steps not counted. */
  otherSlicesMs: number;
}

/** The longest single events of one kind in the window, longest first. */
export interface LongestEvent {
  process: string;
  scheduler: number;
  atUs: number;
  ms: number;
  /** Collections: live words copied. */
  words?: number;
  /** The thread's CPU and run-queue wait over the thread-clock samples around the event. */
  threadCpuMs: number | null;
  runQueueWaitMs: number | null;
}

export interface TraceReport {
  droppedEvents: number;
  /** Our longest collections and system-task steps (prepare slices) in the window. */
  longestGcs: LongestEvent[];
  longestTaskSteps: LongestEvent[];
  /** Sums over the explained gaps of what held the workers' schedulers. */
  attribution: Omit<GapAttribution, 'scheduler'> & { gaps: number };
  /** How many system-task steps ran in the window, and the median one's length. */
  taskSteps: { count: number; medianMs: number | null };
  processNames: Record<string, string>;
  gaps: GapExplanation[];
}

const OUTCOMES = ['yielded', 'waiting', 'exited', 'trapped'];

function buildTimelines(traces: readonly TraceInput[]): SchedulerTimeline[] {
  return traces.map((trace) => {
    const timeline: SchedulerTimeline = { slices: [], sleeps: [], parks: [], clock: [] };
    let open: Slice | null = null;
    let gcStart = 0;
    let taskStart = 0;
    let sleepStart = 0;
    let parkStart = 0;
    for (const event of trace.events) {
      switch (event.kind) {
        case 'slice-start':
          open = { scheduler: trace.scheduler, pid: event.pid, start: event.timeUs, end: event.timeUs, outcome: -1, reductions: 0, stolen: event.a === 1, gcUs: 0, gcs: [], gcWords: 0, taskUs: 0, longestTaskUs: 0 };
          break;
        case 'slice-end':
          if (open !== null && open.pid === event.pid) {
            open.end = event.timeUs;
            open.outcome = event.a;
            open.reductions = event.b;
            timeline.slices.push(open);
          }
          open = null;
          break;
        case 'gc-start':
          gcStart = event.timeUs;
          break;
        case 'gc-end':
          if (open !== null) {
            open.gcUs += event.timeUs - gcStart;
            open.gcWords = Math.max(open.gcWords, event.a);
            open.gcs.push(event.timeUs - gcStart);
          }
          break;
        case 'task-start':
          taskStart = event.timeUs;
          break;
        case 'task-end':
          if (open !== null) {
            const length = event.timeUs - taskStart;
            open.taskUs += length;
            open.longestTaskUs = Math.max(open.longestTaskUs, length);
          }
          break;
        case 'sleep':
          sleepStart = event.timeUs;
          break;
        case 'wake':
          timeline.sleeps.push({ start: sleepStart, end: event.timeUs });
          break;
        case 'park':
          parkStart = event.timeUs;
          break;
        case 'unpark':
          timeline.parks.push({ start: parkStart, end: event.timeUs });
          break;
        case 'thread-clock':
          timeline.clock.push({ time: event.timeUs, cpuUs: event.a, waitUs: event.b, v8HeapKiB: event.c });
          break;
      }
    }
    return timeline;
  });
}

function overlap(interval: Interval, from: number, to: number): number {
  return Math.max(0, Math.min(interval.end, to) - Math.max(interval.start, from));
}

/** Index of the first slice ending after `time` (slices of one scheduler are in time order). */
function firstEndingAfter(slices: readonly Slice[], time: number): number {
  let low = 0;
  let high = slices.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (slices[middle]!.end < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sliceContaining(timelines: readonly SchedulerTimeline[], time: number, pid: number | null): Slice | null {
  for (const timeline of timelines) {
    const index = firstEndingAfter(timeline.slices, time);
    const slice = timeline.slices[index];
    if (slice !== undefined && slice.start <= time && (pid === null || slice.pid === pid)) return slice;
  }
  return null;
}

/**
 * The worker's pid: the process whose slices contain the most of the worker's sample
 * times (on any scheduler: the other one is running someone else at the same moment),
 * leaving out pids already given to another worker.
 */
function workerPid(timelines: readonly SchedulerTimeline[], ends: readonly number[], taken: ReadonlySet<number>): number | null {
  const votes = new Map<number, number>();
  const step = Math.max(1, Math.floor(ends.length / 200));
  for (let index = 0; index < ends.length; index += step) {
    for (const timeline of timelines) {
      const slice = sliceContaining([timeline], ends[index]!, null);
      if (slice !== null && !taken.has(slice.pid)) votes.set(slice.pid, (votes.get(slice.pid) ?? 0) + 1);
    }
  }
  return [...votes.entries()].sort((left, right) => right[1] - left[1])[0]?.[0] ?? null;
}

/** A worker's echo: the process that most often runs right after the worker's waiting slice, on the same scheduler. */
function echoPid(timelines: readonly SchedulerTimeline[], worker: number): number | null {
  const votes = new Map<number, number>();
  for (const timeline of timelines) {
    for (let index = 0; index + 1 < timeline.slices.length; index++) {
      const slice = timeline.slices[index]!;
      if (slice.pid === worker && slice.outcome === 1) {
        const next = timeline.slices[index + 1]!.pid;
        if (next !== worker) votes.set(next, (votes.get(next) ?? 0) + 1);
      }
    }
  }
  return [...votes.entries()].sort((left, right) => right[1] - left[1])[0]?.[0] ?? null;
}

function clockAround(clock: readonly ClockSample[], from: number, to: number): Pick<SchedulerShare, 'clockSpanMs' | 'threadCpuMs' | 'runQueueWaitMs' | 'v8HeapDropKiB'> {
  let before: ClockSample | null = null;
  let after: ClockSample | null = null;
  let drop = 0;
  let previous: ClockSample | null = null;
  for (const sample of clock) {
    if (sample.time <= from) before = sample;
    if (sample.time >= to && after === null) after = sample;
    if (previous !== null && sample.time > from && previous.time < to && sample.v8HeapKiB < previous.v8HeapKiB) drop += previous.v8HeapKiB - sample.v8HeapKiB;
    previous = sample;
  }
  if (before === null || after === null || before.cpuUs < 0) return { clockSpanMs: null, threadCpuMs: null, runQueueWaitMs: null, v8HeapDropKiB: before === null ? null : drop };
  return {
    clockSpanMs: (after.time - before.time) / 1000,
    threadCpuMs: (after.cpuUs - before.cpuUs) / 1000,
    runQueueWaitMs: (after.waitUs - before.waitUs) / 1000,
    v8HeapDropKiB: drop,
  };
}

function shareOf(timeline: SchedulerTimeline, scheduler: number, from: number, to: number, names: Map<number, string>): SchedulerShare {
  const byProcess = new Map<number, ProcessShare>();
  let inSlices = 0;
  for (let index = firstEndingAfter(timeline.slices, from); index < timeline.slices.length; index++) {
    const slice = timeline.slices[index]!;
    if (slice.start >= to) break;
    const within = overlap(slice, from, to);
    if (within <= 0) continue;
    inSlices += within;
    const share = byProcess.get(slice.pid) ?? {
      process: names.get(slice.pid) ?? `pid ${slice.pid}`,
      ms: 0,
      slices: 0,
      longestSliceMs: 0,
      reductions: 0,
      gcMs: 0,
      gcCount: 0,
      longestGcMs: 0,
      gcWordsMax: 0,
      taskMs: 0,
      longestTaskStepMs: 0,
    };
    share.ms += within / 1000;
    share.slices += 1;
    share.longestSliceMs = Math.max(share.longestSliceMs, (slice.end - slice.start) / 1000);
    share.reductions += slice.reductions;
    const gcs = slice.gcs;
    share.gcMs += slice.gcUs / 1000;
    share.gcCount += gcs.length;
    share.longestGcMs = Math.max(share.longestGcMs, ...gcs.map((us) => us / 1000), 0);
    share.gcWordsMax = Math.max(share.gcWordsMax, slice.gcWords);
    share.taskMs += slice.taskUs / 1000;
    share.longestTaskStepMs = Math.max(share.longestTaskStepMs, slice.longestTaskUs / 1000);
    byProcess.set(slice.pid, share);
  }
  const sleepUs = timeline.sleeps.reduce((sum, interval) => sum + overlap(interval, from, to), 0);
  const parkUs = timeline.parks.reduce((sum, interval) => sum + overlap(interval, from, to), 0);
  return {
    scheduler,
    processes: [...byProcess.values()].sort((left, right) => right.ms - left.ms),
    sleepMs: sleepUs / 1000,
    parkedMs: parkUs / 1000,
    betweenSlicesMs: Math.max(0, to - from - inSlices - sleepUs - parkUs) / 1000,
    ...clockAround(timeline.clock, from, to),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function verdictOf(gap: Omit<GapExplanation, 'verdict' | 'home'>): string {
  const parts = gap.schedulers.map((share) => {
    const top = share.processes.slice(0, 2).map((process) => {
      let text = `${process.process} ${round(process.ms)} ms (${process.slices} slices, longest ${round(process.longestSliceMs)} ms, ${process.reductions} reds`;
      if (process.gcCount > 0) text += `, our GC ${round(process.gcMs)} ms in ${process.gcCount}, longest ${round(process.longestGcMs)} ms, ${process.gcWordsMax} live words`;
      if (process.taskMs > 0) text += `, task steps ${round(process.taskMs)} ms, longest ${round(process.longestTaskStepMs)} ms`;
      return `${text})`;
    });
    const extra: string[] = [];
    if (share.sleepMs > 0.05) extra.push(`asleep ${round(share.sleepMs)} ms`);
    if (share.parkedMs > 0.05) extra.push(`parked ${round(share.parkedMs)} ms`);
    if (share.betweenSlicesMs > 0.05) extra.push(`between slices ${round(share.betweenSlicesMs)} ms`);
    if (share.runQueueWaitMs !== null) extra.push(`OS run-queue wait ${round(share.runQueueWaitMs)} of ${round(share.clockSpanMs!)} ms, CPU ${round(share.threadCpuMs!)} ms`);
    if (share.v8HeapDropKiB) extra.push(`V8 heap dropped ${share.v8HeapDropKiB} KiB`);
    return `S${share.scheduler}: ${[...top, ...extra].join('; ')}`;
  });
  return parts.join(' | ');
}

/**
 * The `perWorker` largest gaps of every worker (by length), explained. `workers[].ends`
 * are the absolute sample times (µs, the trace's clock).
 */
export function explainGaps(traces: readonly TraceInput[], workers: ReadonlyArray<{ id: number; ends: readonly number[] }>, perWorker = 5, window?: { from: number; to: number }): TraceReport {
  const timelines = buildTimelines(traces);
  const names = new Map<number, string>();
  const pids = new Map<number, number | null>();
  for (const worker of workers) {
    const pid = workerPid(timelines, worker.ends, new Set([...pids.values()].filter((taken) => taken !== null)));
    pids.set(worker.id, pid);
    if (pid !== null) {
      names.set(pid, `worker ${worker.id}`);
      const echo = echoPid(timelines, pid);
      if (echo !== null && !names.has(echo)) names.set(echo, `echo ${worker.id}`);
    }
  }
  for (const timeline of timelines) {
    for (const slice of timeline.slices) if (slice.taskUs > 0 && !names.has(slice.pid)) names.set(slice.pid, 'loader');
  }
  const gaps: GapExplanation[] = [];
  for (const worker of workers) {
    const candidates: Array<{ start: number; end: number }> = [];
    for (let index = 1; index < worker.ends.length; index++) {
      const start = worker.ends[index - 1]!;
      const end = worker.ends[index]!;
      if (window !== undefined && (end <= window.from || start >= window.to)) continue;
      candidates.push({ start, end });
    }
    candidates.sort((left, right) => right.end - right.start - (left.end - left.start));
    const pid = pids.get(worker.id) ?? null;
    for (const candidate of candidates.slice(0, perWorker)) {
      const before = pid === null ? null : sliceContaining(timelines, candidate.start, pid);
      const after = pid === null ? null : sliceContaining(timelines, candidate.end, pid);
      const partial = {
        worker: worker.id,
        gapMs: (candidate.end - candidate.start) / 1000,
        startUs: candidate.start,
        endUs: candidate.end,
        workerPid: pid,
        before: before === null ? null : { scheduler: before.scheduler, endUs: before.end, outcome: OUTCOMES[before.outcome] ?? String(before.outcome) },
        after: after === null ? null : { scheduler: after.scheduler, startUs: after.start, stolen: after.stolen },
        schedulers: timelines.map((timeline, index) => shareOf(timeline, traces[index]!.scheduler, candidate.start, candidate.end, names)),
      };
      const homeScheduler = partial.after?.scheduler ?? partial.before?.scheduler;
      const homeShare = partial.schedulers.find((share) => share.scheduler === homeScheduler);
      const home: GapAttribution | null =
        homeShare === undefined
          ? null
          : {
              scheduler: homeShare.scheduler,
              gapMs: partial.gapMs,
              osRunQueueWaitMs: Math.min(partial.gapMs, homeShare.runQueueWaitMs ?? 0),
              ourGcMs: homeShare.processes.reduce((sum, share) => sum + share.gcMs, 0),
              taskStepMs: homeShare.processes.reduce((sum, share) => sum + share.taskMs, 0),
              otherSlicesMs: homeShare.processes
                .filter((share) => share.process !== `worker ${worker.id}`)
                .reduce((sum, share) => sum + share.ms - share.gcMs - share.taskMs, 0),
            };
      gaps.push({ ...partial, home, verdict: verdictOf(partial) });
    }
  }
  gaps.sort((left, right) => right.gapMs - left.gapMs);
  const from = window?.from ?? -Infinity;
  const to = window?.to ?? Infinity;
  const gcs: LongestEvent[] = [];
  const steps: LongestEvent[] = [];
  for (const trace of traces) {
    let started = 0;
    for (const event of trace.events) {
      if (event.kind === 'gc-start' || event.kind === 'task-start') started = event.timeUs;
      if ((event.kind !== 'gc-end' && event.kind !== 'task-end') || event.timeUs < from || started > to) continue;
      const entry: LongestEvent = { process: names.get(event.pid) ?? `pid ${event.pid}`, scheduler: trace.scheduler, atUs: started, ms: (event.timeUs - started) / 1000, threadCpuMs: null, runQueueWaitMs: null };
      if (event.kind === 'gc-end') gcs.push({ ...entry, words: event.a });
      else steps.push(entry);
    }
  }
  const stepLengths = steps.map((step) => step.ms).sort((left, right) => left - right);
  const longest = (events: LongestEvent[]) =>
    events
      .sort((left, right) => right.ms - left.ms)
      .slice(0, 10)
      .map((event) => {
        const around = clockAround(timelines[traces.findIndex((trace) => trace.scheduler === event.scheduler)]!.clock, event.atUs, event.atUs + event.ms * 1000);
        return { ...event, threadCpuMs: around.threadCpuMs, runQueueWaitMs: around.runQueueWaitMs };
      });
  const attributed = gaps.map((gap) => gap.home).filter((home): home is GapAttribution => home !== null);
  const total = (part: (home: GapAttribution) => number) => attributed.reduce((sum, home) => sum + part(home), 0);
  return {
    attribution: {
      gaps: attributed.length,
      gapMs: total((home) => home.gapMs),
      osRunQueueWaitMs: total((home) => home.osRunQueueWaitMs),
      ourGcMs: total((home) => home.ourGcMs),
      taskStepMs: total((home) => home.taskStepMs),
      otherSlicesMs: total((home) => home.otherSlicesMs),
    },
    droppedEvents: traces.reduce((sum, trace) => sum + trace.dropped, 0),
    longestGcs: longest(gcs),
    longestTaskSteps: longest(steps),
    taskSteps: { count: stepLengths.length, medianMs: stepLengths.length === 0 ? null : stepLengths[Math.floor(stepLengths.length / 2)]! },
    processNames: Object.fromEntries([...names.entries()].map(([pid, name]) => [String(pid), name])),
    gaps,
  };
}
