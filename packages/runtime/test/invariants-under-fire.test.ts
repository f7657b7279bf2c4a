/**
 * Invariants under fire (issue 6), for each strategy on 2 schedulers: watcher processes
 * call fire_a:version() and fire_b:version() in loops while the pair is reloaded
 * atomically LOADS times (old code purged before each load). Every watcher must see
 * non-decreasing versions and never half of a pair; no call may land in freed code
 * (freed code areas are poisoned, so such a call crashes the watcher); purged code and
 * literal areas must be reclaimed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { ErlTuple, buildLiteralModule } from '@beamload/beam-format';
import { otpStdlibEbin } from '../src/cli/otp-code-path.js';

const fixtures = fileURLToPath(new URL('./process-fixtures', import.meta.url));
const stdlib = otpStdlibEbin();
if (stdlib === null && process.env.BEAMLOAD_REQUIRE_OTP === '1') throw new Error('BEAMLOAD_REQUIRE_OTP=1 but OTP is not installed');
// 1,000 reloads take about 200 s per strategy on a loaded 2-core machine: local runs default to 250, CI sets BEAMLOAD_FIRE_LOADS=1000 (the count).
const LOADS = Number(process.env.BEAMLOAD_FIRE_LOADS ?? 250);
const WORKERS = 4;

function pair(version: number): ErlTuple {
  // Each version carries a literal of its own, so literal areas are allocated and freed too.
  const entries = [new ErlTuple([version, [version, version + 1]])];
  return new ErlTuple([buildLiteralModule({ name: 'fire_a', entries, version }), buildLiteralModule({ name: 'fire_b', entries, version })]);
}

describe.skipIf(stdlib === null)('invariants under fire', () => {
  for (const strategy of ['block', 'split', 'epoch', 'epoch-inline'] as const) {
    it(`${strategy}: ${LOADS} atomic reloads of a pair under ${WORKERS} watchers`, { timeout: 1_800_000 }, async () => {
      const runtime = await Runtime.start({ schedulers: 2, loadStrategy: strategy, codePath: [fixtures, stdlib!], poisonFreedCode: true, onOutput: () => {} });
      try {
        await runtime.ensureLoadedWithImports('fire');
        const [first, ...rest] = Array.from({ length: LOADS + 1 }, (_, index) => pair(index + 1));
        await runtime.loadModules(first.elements as Uint8Array[]);
        const codeBefore = runtime.arena.stats().bytesInUseByKind.code;
        const literalBefore = runtime.arena.stats().bytesInUseByKind.literal;
        const outcome = await runtime.callOutcome('fire', 'run', [rest, WORKERS]);
        if (!outcome.ok) throw new Error(`fire:run raised ${runtime.formatValue(outcome.class)}:${runtime.formatValue(outcome.reason)}`);
        const [loads, calls, errors] = (outcome.value as ErlTuple).elements;
        expect(errors).toEqual([]);
        expect(loads).toBe(LOADS);
        expect(calls as number).toBeGreaterThan(0);
        // fire:run purged the last old code too: one version of each module is left, so
        // code and literal memory is back where it was, give or take the block rounding of
        // one version's areas (a leak of even one word per load would be LOADS x 4 bytes).
        const codeAfter = runtime.arena.stats().bytesInUseByKind.code;
        const literalAfter = runtime.arena.stats().bytesInUseByKind.literal;
        expect(Math.abs(codeAfter - codeBefore)).toBeLessThan(64);
        expect(Math.abs(literalAfter - literalBefore)).toBeLessThan(64);
      } finally {
        expect(await runtime.stop()).toBe(0);
      }
    });
  }
});
