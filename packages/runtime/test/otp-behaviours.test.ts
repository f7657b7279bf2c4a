/**
 * OTP's own supervisor, proc_lib crash reports, logger calls, persistent_term and stdlib's
 * io_lib, run by `beamload run` with the installed OTP on the code path and by erl, on the
 * same fixture (test/otp-fixtures/otp_behaviours.erl). What each prints is compared with
 * the things that cannot agree masked: report timestamps, pids, and the heap_size,
 * stack_size and reductions lines of a crash report (memory and reduction accounting are
 * our own).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { erlInstalled } from './erl-oracle.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli/beamload.js', import.meta.url));
const fixtures = fileURLToPath(new URL('./otp-fixtures', import.meta.url));

function masked(text: string): string {
  return text
    .replace(/\d{1,2}-[A-Z][a-z]{2}-\d{4}::\d{2}:\d{2}:\d{2}\.\d{6}/g, 'TIME')
    .replace(/<\d+\.\d+\.\d+>/g, 'PID')
    .replace(/(heap_size|stack_size|reductions): \d+/g, '$1: N');
}

async function ours(fn: string): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, 'run', '--path', fixtures, 'otp_behaviours', fn], { timeout: 60_000 });
  return stdout;
}

async function erl(fn: string): Promise<string> {
  const { stdout } = await run('erl', ['-noshell', '-pa', fixtures, '-eval', `io:format("~w~n", [otp_behaviours:${fn}()]), halt().`], { timeout: 60_000 });
  return stdout;
}

describe.skipIf(!erlInstalled)('OTP behaviours on the runtime, as on erl', () => {
  for (const fn of ['supervised', 'terms', 'formatted', 'logged', 'crashed']) {
    it(`otp_behaviours:${fn}() prints what erl prints`, { timeout: 120_000 }, async () => {
      const [mine, theirs] = await Promise.all([ours(fn), erl(fn)]);
      expect(masked(mine)).toBe(masked(theirs));
    });
  }
});
