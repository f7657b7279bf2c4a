import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventLoopYielder, TestVm } from './differential-harness.js';
import { standardIoBytes } from '../src/host/standard-io-encoding.js';

/**
 * The differential corpus: each program in test/programs was run on `erl` by
 * regenerate.sh (its output is the .expected file); here it runs on our interpreter and
 * must print exactly the same. Programs may call OTP's own pure modules (lists...), which
 * load from the installed OTP's real .beam files, so the suite needs an OTP install.
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
/** OTP modules the programs use, loaded from the installed OTP. */
const OTP_MODULES = ['lists', 'maps', 'proplists', 'orddict', 'ordsets', 'queue', 'gb_trees', 'gb_sets', 'sets', 'string', 'binary', 'unicode', 'unicode_util'];

function otpBeam(module: string): string | undefined {
  if (libDir === undefined) return undefined;
  for (const app of readdirSync(libDir)) {
    const path = join(libDir, app, 'ebin', `${module}.beam`);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Runs the programs compiled into `directory` (the corpus itself, or its +r22/+r24
 * builds), comparing with the .expected files of the corpus.
 */
async function runCorpus(options: { gcTorture: boolean }, directory = programs): Promise<{ total: number; equal: number; failures: string[] }> {
  // p* programs are single-process; q* need the scheduler (differential-runtime.test.ts).
  const names = readdirSync(directory).filter((file) => /^p\d+.*\.beam$/.test(file)).map((file) => file.slice(0, -'.beam'.length)).sort();
  const failures: string[] = [];
  let equal = 0;
  // One VM: OTP's modules are prepared once, each program runs in a fresh process.
  const vm = new TestVm(options);
  const yielder = new EventLoopYielder();
  for (const module of OTP_MODULES) {
    yielder.activity = `loading ${module}`;
    vm.load(otpBeam(module)!);
    await yielder.yield();
  }
  for (const name of names) {
    // erl's raw bytes, compared with the bytes our default writer would emit (Latin-1).
    const expected = readFileSync(join(programs, `${name}.expected`));
    let actual: string;
    try {
      await yielder.yield();
      yielder.activity = name;
      vm.load(join(directory, `${name}.beam`));
      actual = (await vm.run(name, 'main', yielder)).text;
    } catch (error) {
      actual = `crashed: ${(error as Error).stack}`;
    }
    const actualBytes = standardIoBytes(actual);
    if (actualBytes.equals(expected)) equal++;
    else failures.push(`${name}\n  expected: ${JSON.stringify(expected.toString('latin1'))}\n  actual:   ${JSON.stringify(actualBytes.toString('latin1'))}\n  stack: ${vm.lastStackTrace}`);
  }
  await yielder.yield();
  console.log(`differential${options.gcTorture ? ' (gc torture)' : ''}: longest synchronous stretch ${yielder.longestStretchMs.toFixed(1)} ms (${yielder.longestStretchActivity})`);
  return { total: names.length, equal, failures };
}

describe('differential corpus', () => {
  const skip = libDir === undefined && !requireOtp;
  it.skipIf(skip)('every program prints what erl printed', async () => {
    expect(libDir, 'erl is required (BEAMLOAD_REQUIRE_OTP=1)').toBeDefined();
    const { total, equal, failures } = await runCorpus({ gcTorture: false });
    console.log(`differential: ${total} programs, ${equal} equal`);
    expect(failures).toEqual([]);
  });

  for (const release of ['r22', 'r24']) {
    it.skipIf(skip)(`the programs compiled with +${release} (older instruction forms) print the same`, async () => {
      const { total, equal, failures } = await runCorpus({ gcTorture: false }, join(programs, release));
      console.log(`differential (+${release}): ${total} programs, ${equal} equal`);
      expect(failures).toEqual([]);
    });
  }

  it.skipIf(skip)('every program prints the same in GC-torture mode', async () => {
    const { total, equal, failures } = await runCorpus({ gcTorture: true });
    console.log(`differential (gc torture): ${total} programs, ${equal} equal`);
    expect(failures).toEqual([]);
  });
});
