/**
 * `receive ... after Ms` woken by a message before the timer fires re-runs wait_timeout,
 * which reads its timeout operand again: the operand must still be Ms (it used to be
 * whatever the last process on that scheduler left in x0: error:timeout_value).
 * Each result is compared with erl running the same call.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { erlInstalled, stdlibCodePath } from './erl-oracle.js';

const fixtures = fileURLToPath(new URL('./process-fixtures', import.meta.url));
const stdlib = stdlibCodePath;

function erlValue(call: string): string {
  return execFileSync('erl', ['-noshell', '-pa', fixtures, '-eval', `io:format("~w~n", [timed_wait:${call}]), halt().`]).toString().trim();
}

function printed(value: unknown): string {
  if (Array.isArray(value)) return `{${value.map(printed).join(',')}}`;
  if (typeof value === 'object' && value !== null && 'elements' in value) return `{${(value as { elements: unknown[] }).elements.map(printed).join(',')}}`;
  if (typeof value === 'object' && value !== null && 'name' in value) return String((value as { name: string }).name);
  return String(value);
}

const RUNS = Number(process.env.BEAMLOAD_TIMED_WAIT_RUNS ?? 100);

for (const schedulers of [1, 2]) {
  for (const gcTorture of schedulers === 2 ? [false, true] : [false]) {
    describe.skipIf(!erlInstalled)(`timed receive woken early, ${schedulers} scheduler(s)${gcTorture ? ', GC torture' : ''}`, () => {
      let runtime: Runtime;
      beforeAll(async () => {
        runtime = await Runtime.start({ schedulers, gcTorture, codePath: [fixtures, ...stdlib], onOutput: () => {} });
        await runtime.ensureLoadedWithImports('timed_wait');
      });
      afterAll(async () => {
        expect(await runtime.stop()).toBe(0);
      });

      it('timed_wait:poked_pause(20) equals erl', { timeout: 30_000 }, async () => {
        const expected = erlValue('poked_pause(20)');
        for (let run = 0; run < 20; run++) {
          expect(printed(await runtime.call('timed_wait', 'poked_pause', [20]))).toBe(expected);
        }
      });

      it('timed_wait:pestered_pause(50): the timer counts from the receive, not from each wake-up', { timeout: 30_000 }, async () => {
        const expected = erlValue('pestered_pause(50)');
        expect(printed(await runtime.call('timed_wait', 'pestered_pause', [50]))).toBe(expected);
      });

      it('timed_wait:long_timeouts(): up to 2^32-1 ms is a valid timeout, 2^32 is timeout_value', { timeout: 30_000 }, async () => {
        expect(printed(await runtime.call('timed_wait', 'long_timeouts', []))).toBe(erlValue('long_timeouts()'));
      });

      it(`timed_wait:forwarded_loads(5, 2) equals erl, ${RUNS} runs`, { timeout: 120_000 }, async () => {
        const expected = erlValue('forwarded_loads(5,2)');
        for (let run = 0; run < RUNS; run++) {
          const outcome = await runtime.callOutcome('timed_wait', 'forwarded_loads', [5, 2]);
          if (!outcome.ok) throw new Error(`run ${run}: ${outcome.class}:${printed(outcome.reason)}`);
          expect(printed(outcome.value)).toBe(expected);
        }
      });
    });
  }
}
