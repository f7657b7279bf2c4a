import type { LoadContext, LoadResult, LoadStrategy, SystemTask } from '../load-strategy.js';
import type { Wait } from '../system-control.js';
import { createSimulatedLoaderSystem } from './conformance.js';
import type { TestkitModule } from './module-versions.js';

/** The loader primitives and system calls whose order makes a strategy what it is. */
const RECORDED = new Set(['prepare', 'prepareInSlices', 'startStaging', 'installAll', 'commitStaging', 'abortStaging', 'releaseSystem', 'releasePermission']);

/**
 * Runs one load of `strategy` in the testkit's simulated system and returns, in order, the
 * waits it yielded and the primitives it called (consecutive repeats folded), with
 * `installAll` marked by the index it wrote: `active` or `staging`.
 */
export function recordStrategyOrder(strategy: LoadStrategy, modules: ReadonlyArray<[TestkitModule, number]>): { events: string[]; result: LoadResult } {
  const { loader, sim, versions } = createSimulatedLoaderSystem({ seed: 11 });
  const events: string[] = [];
  const record = (event: string) => {
    if (events.at(-1) !== event) events.push(event);
  };
  const recording = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (RECORDED.has(String(property))) {
            const where = property === 'installAll' ? `(${args[1] === loader.activeIndex() ? 'active' : 'staging'})` : '';
            record(`${String(property)}${where}`);
          }
          return value.apply(object, args);
        };
      },
    });
  const context: LoadContext = { loader: recording(sim.context.loader), system: recording(sim.context.system) };
  function* recordWaits(task: SystemTask<LoadResult>): SystemTask<LoadResult> {
    let answer;
    for (;;) {
      const next = task.next(answer);
      if (next.done) return next.value;
      record(`wait ${(next.value as Wait).kind}`);
      answer = yield next.value;
    }
  }
  const requests = modules.map(([module, version]) => ({ module, bytes: versions.bytes(module, version) }));
  const result = sim.run(recordWaits(strategy.loadModules(context, requests)));
  return { events, result };
}
