/**
 * Process features and hot loading through the real interpreter on real scheduler
 * threads, each result compared with erl running the same function (the oracle).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { erlInstalled, stdlibCodePath } from './erl-oracle.js';

const fixtures = fileURLToPath(new URL('./process-fixtures', import.meta.url));
const stdlib = stdlibCodePath;

function erlValue(call: string): string {
  return execFileSync('erl', ['-noshell', '-pa', fixtures, '-eval', `io:format("~w~n", [proc_demo:${call}]), halt().`]).toString().trim();
}

const CALLS: Array<[string, unknown[], string]> = [
  ['ring', [100, 20], 'ring(100,20)'],
  ['echo_pair', [], 'echo_pair()'],
  ['links', [], 'links()'],
  ['monitors', [], 'monitors()'],
  ['after_timeout', [], 'after_timeout()'],
  ['names', [], 'names()'],
  ['dictionary', [], 'dictionary()'],
  ['timers', [], 'timers()'],
  ['selective', [], 'selective()'],
  ['priorities', [], 'priorities()'],
  ['exit_kill', [], 'exit_kill()'],
  ['spawn_opt_monitor', [], 'spawn_opt_monitor()'],
  ['parallel_sum', [400_000, 4], 'parallel_sum(400000,4)'],
  ['gc', [300], 'gc(300)'],
  ['info', [], 'info()'],
];

for (const schedulers of [1, 2]) {
  for (const gcTorture of schedulers === 2 ? [false, true] : [false]) {
    describe.skipIf(!erlInstalled || stdlib.length === 0)(`process features on ${schedulers} scheduler(s)${gcTorture ? ', GC torture' : ''}`, () => {
      let runtime: Runtime;
      beforeAll(async () => {
        runtime = await Runtime.start({ schedulers, gcTorture, codePath: [fixtures, ...stdlib], onOutput: () => {} });
        await runtime.ensureLoadedWithImports('proc_demo');
      });
      afterAll(async () => {
        expect(await runtime.stop()).toBe(0);
      });
      for (const [name, args, erlCall] of CALLS) {
        it(`proc_demo:${erlCall} equals erl`, { timeout: 20_000 }, async () => {
          const outcome = await runtime.callOutcome('proc_demo', name, args as never);
          const ours = outcome.ok ? runtime.formatValue(outcome.value) : `exception ${runtime.formatValue(outcome.class)}:${runtime.formatValue(outcome.reason)}`;
          expect(ours).toBe(erlValue(erlCall));
        });
      }
    });
  }
}

describe.skipIf(!erlInstalled || stdlib.length === 0)('hot loading from Erlang through the configured strategy', () => {
  const v2 = readFileSync(`${fixtures}/v2/hot.beam`);
  for (const strategy of ['block', 'split', 'epoch', 'epoch-inline'] as const) {
    it(`${strategy}: load_module while a process calls hot:version/0; prepare/finish_loading; purge; not_purged`, async () => {
      const runtime = await Runtime.start({ schedulers: 2, loadStrategy: strategy, codePath: [fixtures, ...stdlib], poisonFreedCode: true, onOutput: () => {} });
      try {
        expect(runtime.loadStrategy.name).toBe(strategy);
        await runtime.ensureLoadedWithImports('load_demo');
        await runtime.ensureLoaded('hot');
        const reload = await runtime.callOutcome('load_demo', 'reload', [v2]);
        expect(reload.ok && runtime.formatValue(reload.value)).toBe('{1,2,true,[]}');
        // Old code (version 1) is still there: purge it, then an atomic load of v2 again.
        const atomic = await runtime.callOutcome('load_demo', 'atomic', [v2]);
        expect(atomic.ok && runtime.formatValue(atomic.value)).toBe('{true,false,true,2}');
        const cycle = await runtime.callOutcome('load_demo', 'purge_cycle', [v2]);
        expect(cycle.ok && runtime.formatValue(cycle.value)).toBe('{{error,not_purged},{module,hot}}');
      } finally {
        expect(await runtime.stop()).toBe(0);
      }
    });
  }
});
