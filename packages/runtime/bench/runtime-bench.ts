/**
 * The runtime benchmark (issue 5): fib(30), a ring of 1,000 processes x 100 rounds, nrev of
 * a 300-element list 1,000 times, and a CPU-parallel workload (8 processes computing
 * fib(27)) at 1 and 2 schedulers, each on beamload and, when installed, on erl in the
 * same run. Medians of RUNS timings; ratios against ERTS's figure and 1 -> 2 scheduler
 * speed-up. Not a test: it prints numbers.
 *
 * Every timing follows WARM_UP_RUNS untimed runs of the same workload in the same runtime
 * (one in the same erl VM): V8 compiles the interpreter separately in every scheduler
 * thread once it has run a while, and throws the optimized code away the first time a
 * slice reaches an instruction it had not run yet (the end of a process, the parent's
 * receive: once per run here), so the first 3 runs of a fresh runtime take 1.5x (one
 * scheduler) to 3x (two) the CPU of the next ones (--trace-deopt); ERTS's JIT compiled at
 * load time. The parallel workload is fib(27) per process (it was fib(25), about 90 ms in
 * all on one scheduler, less than that warm-up, so it measured warm-up).
 *
 *   pnpm --filter @beamload/runtime bench [-- --runs N] [-- --quick]
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Runtime } from '../src/host/runtime.js';
import { otpStdlibEbin } from '../src/cli/otp-code-path.js';

const erlangDirectory = fileURLToPath(new URL('../../bench/erlang', import.meta.url));
const quick = process.argv.includes('--quick');
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : quick ? 1 : 5;
const WARM_UP_RUNS = quick ? 1 : 3;

interface Workload {
  name: string;
  fn: string;
  args: number[];
  schedulers: number;
}

const WORKLOADS: Workload[] = quick
  ? [
      { name: 'fib(20)', fn: 'fib', args: [20], schedulers: 1 },
      { name: 'ring 100 x 10', fn: 'ring', args: [100, 10], schedulers: 1 },
      { name: 'nrev 300 x 10', fn: 'nrev', args: [300, 10], schedulers: 1 },
      { name: 'parallel 8 x fib(15), 1 sched', fn: 'par', args: [8, 15], schedulers: 1 },
      { name: 'parallel 8 x fib(15), 2 sched', fn: 'par', args: [8, 15], schedulers: 2 },
    ]
  : [
      { name: 'fib(30)', fn: 'fib', args: [30], schedulers: 1 },
      { name: 'ring 1000 x 100', fn: 'ring', args: [1000, 100], schedulers: 1 },
      { name: 'nrev 300 x 1000', fn: 'nrev', args: [300, 1000], schedulers: 1 },
      { name: 'parallel 8 x fib(27), 1 sched', fn: 'par', args: [8, 27], schedulers: 1 },
      { name: 'parallel 8 x fib(27), 2 sched', fn: 'par', args: [8, 27], schedulers: 2 },
    ];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function erlInstalled(): boolean {
  try {
    execFileSync('erl', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** ms on erl (the JIT), timed inside the VM with timer:tc, after one untimed run. */
function erlMs(workload: Workload): number {
  const call = `rt_bench:erts_time(${workload.fn}, [${workload.args.join(',')}])`;
  const eval_ = `${call}, io:format("~w~n", [[${Array.from({ length: RUNS }, () => call).join(',')}]]), halt().`;
  const output = execFileSync('erl', ['+S', `${workload.schedulers}:${workload.schedulers}`, '-noshell', '-pa', erlangDirectory, '-eval', eval_]).toString();
  const times = JSON.parse(output.trim()) as number[];
  return median(times) / 1000;
}

/**
 * Wall ms, and CPU ms of this whole process (every scheduler thread, V8's compiler
 * threads, the host thread) over the same runs: on a shared machine wall time says how
 * much CPU we got, CPU time says how much work the runs took, so 2 schedulers that
 * contended would show as more CPU than 1 even when the wall clock cannot tell.
 */
async function beamloadMs(workload: Workload): Promise<{ wall: number; cpu: number }> {
  const stdlib = otpStdlibEbin();
  const runtime = await Runtime.start({ schedulers: workload.schedulers, codePath: [erlangDirectory, ...(stdlib ? [stdlib] : [])] });
  try {
    await runtime.ensureLoadedWithImports('rt_bench');
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let run = -WARM_UP_RUNS; run < RUNS; run++) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const outcome = await runtime.callOutcome('rt_bench', workload.fn, workload.args);
      const cpu = process.cpuUsage(cpuBefore);
      if (run >= 0) {
        // runs below 0 warm up
        times.push(performance.now() - started);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      if (!outcome.ok) throw new Error(`${workload.name} raised ${runtime.formatValue(outcome.class)}:${runtime.formatValue(outcome.reason)}`);
    }
    return { wall: median(times), cpu: median(cpuTimes) };
  } finally {
    await runtime.stop();
  }
}

/**
 * How much parallelism the machine gives right now: two plain JS worker threads doing
 * twice the work of one, as a ratio (2.0 = two free cores). The 1 -> 2 scheduler speed-up
 * cannot exceed it, so it is printed with it.
 */
async function machineParallelism(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const code = `const { parentPort } = require('node:worker_threads'); let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; parentPort.postMessage(x);`;
  const run = (count: number): Promise<number> => {
    const started = performance.now();
    return Promise.all(
      Array.from({ length: count }, () => new Promise<void>((resolve) => {
        const worker = new Worker(code, { eval: true });
        worker.on('message', () => void worker.terminate().then(() => resolve()));
      })),
    ).then(() => performance.now() - started);
  };
  const one = await run(1);
  const two = await run(2);
  return (2 * one) / two;
}

const withErl = erlInstalled();
// Measured just before and just after the parallel rows: other jobs come and go.
let parallelismBefore = 0;
const rows: Array<{ name: string; beamload: number; cpu: number; erts: number | null }> = [];
for (const workload of WORKLOADS) {
  if (process.stderr.isTTY) process.stderr.write(`running ${workload.name}...\n`);
  if (workload.name.includes('1 sched')) parallelismBefore = await machineParallelism();
  const { wall: beamload, cpu } = await beamloadMs(workload);
  const erts = withErl ? erlMs(workload) : null;
  rows.push({ name: workload.name, beamload, cpu, erts });
}

const pad = (text: string, width: number): string => text.padEnd(width);
console.log(`runtime benchmark: median of ${RUNS} run(s) after ${WARM_UP_RUNS} warm-up run(s) (erl: 1), Node ${process.version}${withErl ? ', erl = OTP installed here' : ', erl not installed'}`);
console.log(`${pad('workload', 34)}${pad('beamload ms', 14)}${pad('cpu ms', 10)}${pad('erl ms', 12)}ratio`);
for (const row of rows) {
  const ratio = row.erts === null ? '-' : `${(row.beamload / row.erts).toFixed(1)}x`;
  console.log(`${pad(row.name, 34)}${pad(row.beamload.toFixed(1), 14)}${pad(row.cpu.toFixed(0), 10)}${pad(row.erts === null ? '-' : row.erts.toFixed(1), 12)}${ratio}`);
}
const one = rows.find((row) => row.name.includes('1 sched'));
const two = rows.find((row) => row.name.includes('2 sched'));
if (one && two) {
  console.log(`speed-up from 1 to 2 schedulers: beamload ${(one.beamload / two.beamload).toFixed(2)}x` + (one.erts && two.erts ? `, erl ${(one.erts / two.erts).toFixed(2)}x` : ''));
  console.log(`CPU time at 2 schedulers over 1 (1.00 = no work added by the second scheduler): beamload ${(two.cpu / one.cpu).toFixed(2)}`);
  const parallelismAfter = await machineParallelism();
  console.log(`machine parallelism just before and after the parallel rows (2 plain JS threads vs 1): ${parallelismBefore.toFixed(2)}x, ${parallelismAfter.toFixed(2)}x`);
}
