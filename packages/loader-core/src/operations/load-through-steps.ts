import type { LoadErrorCode } from '../errors.js';
import { InstanceState } from '../tables/code-instance.js';
import type { LoadContext, LoadRequest, LoadResult, LoadStrategy, LoadStrategySteps, SystemTask } from '../load-strategy.js';
import type { PreparedModule } from '../prepared-module.js';

/** The refusals `installAll` makes before it changes anything. */
const REFUSED_BEFORE_INSTALL: ReadonlySet<LoadErrorCode> = new Set(['duplicated', 'not_purged', 'on_load_not_allowed', 'pending_on_load']);

/**
 * True when a finish step's result leaves its modules prepared (and the caller's): a
 * refusal before the install. After `ok` the modules belong to the tables; after
 * `on_load_failure` the module was installed, then dropped and freed. Decide from the
 * result, never by reading the instance headers: a freed header may already be reused.
 */
export function finishLeftPrepared(result: LoadResult): boolean {
  return !result.ok && REFUSED_BEFORE_INSTALL.has(result.error.code);
}

/**
 * `load_module` in terms of the two steps: prepare every request (stopping at the first
 * failure), then finish them all. Whatever was prepared and is not installed at the end
 * (a prepare or a finish that failed, or a generator abandoned while it waited) is
 * discarded, so a failed load leaves nothing behind.
 */
export function* loadThroughSteps(steps: LoadStrategySteps, context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult> {
  const { loader } = context;
  const prepared: PreparedModule[] = [];
  let finished: LoadResult | undefined;
  try {
    for (const request of requests) {
      const result = yield* steps.prepareModule(context, request);
      if (!result.ok) return result;
      prepared.push(result.prepared);
    }
    finished = yield* steps.finishModules(context, prepared);
    return finished;
  } finally {
    // Abandoned during the finish: a step frees nothing without returning right after,
    // so every header is still live and says whether it was installed.
    const leftOver =
      finished === undefined
        ? prepared.filter((module) => loader.instance(module.instance).state === InstanceState.Prepared)
        : finishLeftPrepared(finished)
          ? prepared
          : [];
    for (const module of leftOver) loader.discard(module);
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
