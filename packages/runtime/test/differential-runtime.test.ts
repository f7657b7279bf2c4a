import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { atom } from '@beamload/beam-format';
import { Runtime, standardIoBytes } from '@beamload/runtime';

/**
 * The differential corpus on the real runtime: scheduler threads, the default load
 * strategy, process BIFs. Every program (p* and the process programs q*) runs through
 * differential_runner:run/1, whose output is compared with what erl printed.
 */
const programs = join(dirname(fileURLToPath(import.meta.url)), 'programs');
const requireOtp = process.env.BEAMLOAD_REQUIRE_OTP === '1';

function otpLibDir(): string | undefined {
  try {
    return execFileSync('erl', ['-noshell', '-eval', 'io:format("~s",[code:lib_dir()]), halt().']).toString();
  } catch {
    return undefined;
  }
}
const libDir = otpLibDir();
/** A program that has not finished by then counts as different (and the run goes on). */
const PROGRAM_TIMEOUT_MS = 20_000;
// gen_server and what it runs on (gen, proc_lib, sys) for q034.
const OTP_MODULES = ['lists', 'maps', 'proplists', 'orddict', 'ordsets', 'queue', 'gb_trees', 'gb_sets', 'sets', 'string', 'binary', 'unicode', 'unicode_util', 'gen_server', 'gen', 'proc_lib', 'sys'];

function otpBeam(module: string): string {
  for (const app of readdirSync(libDir!)) {
    const path = join(libDir!, app, 'ebin', `${module}.beam`);
    if (existsSync(path)) return path;
  }
  throw new Error(`${module}.beam not found in ${libDir}`);
}

/**
 * Runs the programs of `directory` (the corpus, or its +r22/+r24 builds of the programs in
 * old-forms.txt) whose file names match `pattern`, comparing with the corpus's .expected.
 */
async function runCorpus(
  schedulers: number,
  gcTorture: boolean,
  directory = programs,
  pattern = /^[pq]\d+.*\.beam$/,
): Promise<{ total: number; equal: number; failures: string[] }> {
  // The programs run on scheduler threads; what blocks this thread (and so vitest's RPC,
  // which times out after 60 s) is the host's own work, such as loading. Reported below.
  const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
  eventLoopDelay.enable();
  let output = '';
  const runtime = await Runtime.start({ schedulers, gcTorture, onOutput: (text) => (output += text) });
  const failures: string[] = [];
  let equal = 0;
  const names = readdirSync(directory).filter((file) => pattern.test(file)).map((file) => file.slice(0, -'.beam'.length)).sort();
  try {
    await runtime.loadModules([...OTP_MODULES.map(otpBeam), join(programs, 'differential_runner.beam')].map((file) => readFileSync(file)));
    await runtime.loadModules(names.map((name) => readFileSync(join(directory, `${name}.beam`))));
    for (const name of names) {
      output = '';
      const outcome = await Promise.race([
        runtime.callOutcome('differential_runner', 'run', [atom(name)]),
        new Promise<{ ok: false; timeout: true }>((resolve) => setTimeout(() => resolve({ ok: false, timeout: true }), PROGRAM_TIMEOUT_MS)),
      ]);
      // erl's raw bytes against the bytes our default writer would emit (Latin-1).
      const expected = readFileSync(join(programs, `${name}.expected`));
      const actual = standardIoBytes(output);
      if (outcome.ok && actual.equals(expected)) equal++;
      else failures.push(`${name}\n  expected: ${JSON.stringify(expected.toString('latin1'))}\n  actual:   ${JSON.stringify(actual.toString('latin1'))} ${outcome.ok ? '' : JSON.stringify(outcome)}`);
    }
  } finally {
    expect(await runtime.stop()).toBe(0);
    eventLoopDelay.disable();
  }
  console.log(`differential (runtime, ${schedulers} scheduler(s)${gcTorture ? ', GC torture' : ''}): longest event-loop block ${(eventLoopDelay.max / 1e6).toFixed(1)} ms`);
  return { total: names.length, equal, failures };
}

describe('differential corpus on the multi-threaded runtime', () => {
  const skip = libDir === undefined && !requireOtp;
  for (const [schedulers, gcTorture] of [[1, false], [2, false], [2, true]] as const) {
    it.skipIf(skip)(`${schedulers} scheduler(s)${gcTorture ? ', GC torture' : ''}: every program prints what erl printed`, async () => {
      expect(libDir, 'erl is required (BEAMLOAD_REQUIRE_OTP=1)').toBeDefined();
      const { total, equal, failures } = await runCorpus(schedulers, gcTorture);
      console.log(`differential: ${total} programs, ${equal} equal (runtime, ${schedulers} scheduler(s)${gcTorture ? ', GC torture' : ''})`);
      expect(failures).toEqual([]);
    });
  }

  // The single-process programs' +r22/+r24 builds run in differential.test.ts.
  for (const release of ['r22', 'r24']) {
    it.skipIf(skip)(`2 schedulers: the process programs compiled with +${release} print the same`, async () => {
      const { total, equal, failures } = await runCorpus(2, false, join(programs, release), /^q\d+.*\.beam$/);
      console.log(`differential (+${release}): ${total} process programs, ${equal} equal (runtime, 2 schedulers)`);
      expect(total).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });
  }
});
