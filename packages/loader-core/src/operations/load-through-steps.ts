import { InstanceState } from '../tables/code-instance.js';
import type { LoadContext, LoadRequest, LoadResult, LoadStrategy, LoadStrategySteps, SystemTask } from '../load-strategy.js';
import type { PreparedModule } from '../prepared-module.js';

/**
 * `load_module` in terms of the two steps: prepare every request (stopping at the first
 * failure), then finish them all. Whatever was prepared and is not installed at the end
 * (a prepare or finish that failed, or a generator abandoned while it waited) is
 * discarded, so a failed load leaves nothing behind.
 */
export function* loadThroughSteps(steps: LoadStrategySteps, context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult> {
  const { loader } = context;
  const prepared: PreparedModule[] = [];
  try {
    for (const request of requests) {
      const result = yield* steps.prepareModule(context, request);
      if (!result.ok) return result;
      prepared.push(result.prepared);
    }
    return yield* steps.finishModules(context, prepared);
  } finally {
    for (const module of prepared) {
      if (loader.instance(module.instance).state === InstanceState.Prepared) loader.discard(module);
    }
  }
}

/** A strategy from its two steps, with `loadModules` = `loadThroughSteps`. */
export function defineLoadStrategy(steps: LoadStrategySteps): LoadStrategy {
  return {
    name: steps.name,
    prepareModule: (context, request) => steps.prepareModule(context, request),
    finishModules: (context, prepared) => steps.finishModules(context, prepared),
    loadModules: (context, requests) => loadThroughSteps(steps, context, requests),
  };
}
