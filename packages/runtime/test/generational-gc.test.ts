/**
 * The generational collector (process/gc.ts, process/old-generation.ts) through the real
 * interpreter: data kept in the old generation across many minor collections, refc
 * binaries promoted and then released (the arena's bytes come back), literals held in
 * the old generation while their module is purged (copy-literals), and process_info heap
 * sizes against erl's.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { ErlTuple, atom, buildLiteralModule } from '@beamload/beam-format';
import { erlInstalled, stdlibCodePath } from './erl-oracle.js';

const fixtures = fileURLToPath(new URL('./process-fixtures', import.meta.url));
const stdlib = stdlibCodePath;
const skip = !erlInstalled || stdlib.length === 0;

function erlValue(call: string): string {
  return execFileSync('erl', ['-noshell', '-pa', fixtures, '-eval', `io:format("~w~n", [gen_gc:${call}]), halt().`]).toString().trim();
}

async function withRuntime<T>(gcTorture: boolean, body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await Runtime.start({ schedulers: 2, gcTorture, codePath: [fixtures, ...stdlib], onOutput: () => {} });
  try {
    await runtime.ensureLoadedWithImports('gen_gc');
    return await body(runtime);
  } finally {
    expect(await runtime.stop()).toBe(0);
  }
}

async function format(runtime: Runtime, functionName: string, args: unknown[]): Promise<string> {
  const outcome = await runtime.callOutcome('gen_gc', functionName, args as never);
  return outcome.ok ? runtime.formatValue(outcome.value) : `exception ${runtime.formatValue(outcome.class)}:${runtime.formatValue(outcome.reason)}`;
}

describe.skipIf(skip)('generational collection', () => {
  for (const gcTorture of [false, true]) {
    it(`keeps a process's old generation intact across many minor collections, as erl${gcTorture ? ' (GC torture)' : ''}`, { timeout: 60_000 }, async () => {
      await withRuntime(gcTorture, async (runtime) => {
        const [keep, minors] = gcTorture ? [500, 40] : [5000, 30];
        expect(await format(runtime, 'old_generation', [keep, minors])).toBe(erlValue(`old_generation(${keep},${minors})`));
      });
    });
  }

  it('reports a fresh process heap as erl does, and a big one within a small factor of erl', { timeout: 60_000 }, async () => {
    await withRuntime(false, async (runtime) => {
      expect(await format(runtime, 'fresh_heap_sizes', [])).toBe(erlValue('fresh_heap_sizes()'));
      const live = 100_000;
      const [ours, theirs] = [await format(runtime, 'big_heap_sizes', [live]), erlValue(`big_heap_sizes(${live})`)].map((text) =>
        text.replace(/[{}]/g, '').split(',').map(Number),
      );
      const [, youngAfterMajor, totalAfterMajor, youngAfterMinors, totalAfterMinors] = ours!;
      const [, erlYoungAfterMajor, , , erlTotalAfterMinors] = theirs!;
      expect(ours![0]).toBe(live);
      // The list is 2 words a cell: after the major collection it is all young; after the
      // minor ones it is promoted, and the old block holds it.
      expect(youngAfterMajor).toBeGreaterThanOrEqual(2 * live);
      expect(totalAfterMajor).toBe(youngAfterMajor);
      expect(totalAfterMinors! - youngAfterMinors!).toBeGreaterThanOrEqual(2 * live);
      // Our sizing policies differ from ERTS's (seven free words per live one, an old block
      // twice what is promoted first), but not by an order of magnitude.
      expect(youngAfterMajor!).toBeLessThan(8 * erlYoungAfterMajor!);
      expect(totalAfterMinors!).toBeLessThan(4 * erlTotalAfterMinors!);
    });
  });

  it('releases a refc binary that dies young, one that came in a message, one that dies in the old generation, and one held at exit', { timeout: 60_000 }, async () => {
    await withRuntime(false, async (runtime) => {
      const bytes = 4_000_000;
      const other = () => runtime.arena.stats().bytesInUseByKind.other;
      const command = (value: unknown) => runtime.call('gen_gc', 'holder_command', [value as never]);
      const start = other();
      await runtime.call('gen_gc', 'start_holder', []);
      const idle = other();
      // Dies young: made, dropped, then only minor collections.
      await command(new ErlTuple([atom('make'), bytes]));
      expect(other()).toBeGreaterThan(idle + bytes / 2);
      await command(atom('drop'));
      expect(await command(atom('churn'))).toBe(4);
      expect(other()).toBeLessThan(idle + bytes / 4);
      // Came in a message: the collection that moves it onto the young heap must note it
      // there (a heap without refc binaries is not walked for them), so the next one,
      // finding it unreached, releases it.
      await command(new ErlTuple([atom('take'), new Uint8Array(bytes).fill(9)]));
      expect(other()).toBeGreaterThan(idle + bytes / 2);
      expect(await command(atom('minor'))).toBe(1);
      expect(other()).toBeGreaterThan(idle + bytes / 2);
      await command(atom('drop'));
      expect(await command(atom('churn'))).toBe(4);
      expect(other()).toBeLessThan(idle + bytes / 4);
      // Dies old: promoted by minor collections, dropped, and released by the major one.
      await command(new ErlTuple([atom('make'), bytes]));
      expect(await command(atom('churn'))).toBe(4);
      const [young, total, held] = (await command(atom('sizes')) as ErlTuple).elements as [number, number, number[]];
      expect(held).toEqual([bytes]);
      expect(total).toBeGreaterThan(young);
      expect(other()).toBeGreaterThan(idle + bytes / 2);
      await command(atom('drop'));
      await command(atom('gc'));
      expect(other()).toBeLessThan(idle + bytes / 4);
      // Held in the old generation when the process exits.
      await command(new ErlTuple([atom('make'), bytes]));
      expect(await command(atom('churn'))).toBe(4);
      await command(atom('stop'));
      expect(await runtime.waitForIdle()).toBe(true);
      expect(other()).toBe(start);
      expect(runtime.arena.stats().bytesInUseByKind.heap).toBe(0);
    });
  });

  for (const gcTorture of [false, true]) {
    it(`copies literals out of a purged module's area when they sit in the old generation${gcTorture ? ' (GC torture)' : ''}`, { timeout: 60_000 }, async () => {
      await withRuntime(gcTorture, async (runtime) => {
        const entry = (version: number) => new ErlTuple([version, Array.from({ length: 200 }, (_, i) => new ErlTuple([i, atom('entry'), [version, i * version]]))]);
        const literalModule = (name: string, version: number) => buildLiteralModule({ name, entries: [entry(version)], version });
        await runtime.loadModules([literalModule('gen_gc_lit', 1)]);
        const fillers = Array.from({ length: 8 }, (_, i) => new ErlTuple([atom(`gen_gc_filler${i}`), literalModule(`gen_gc_filler${i}`, 100 + i)]));
        const literalBefore = runtime.arena.stats().bytesInUseByKind.literal;
        const answer = await runtime.call('gen_gc', 'hold_literal', [atom('gen_gc_lit'), entry(1), literalModule('gen_gc_lit', 2), fillers]);
        expect(runtime.formatValue(answer)).toBe('{true,true}');
        // Version 1's literal area was freed by the purge (version 2's and the fillers' are in use).
        expect(runtime.arena.stats().bytesInUseByKind.literal).toBeGreaterThan(literalBefore);
      });
    });
  }
});
