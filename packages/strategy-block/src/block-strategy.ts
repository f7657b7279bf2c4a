import {
  completeOnLoad,
  LoadError,
  prepareRequests,
  type LoadContext,
  type LoadRequest,
  type LoadResult,
  type LoadStrategy,
  type SystemTask,
} from '@beamload/loader-core';

/**
 * ERTS before R16 (`load_module_2` in R14B04): stop the world, then do all of the work.
 * The code-write permission, then a block of every other scheduler at its next safe
 * point; inside the block: prepare (inflate, literal decode, code transform) and install
 * into the active index; then release. Every scheduler stands still for the whole
 * prepare, so the stall grows with the module.
 */
export function* loadBlocking(context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult> {
  const { loader, system } = context;
  let modules: string[] = [];
  let onLoad: string[] = [];
  yield { kind: 'permission' };
  try {
    yield { kind: 'block-system' };
    try {
      const preparation = yield* prepareRequests(context, requests, { mode: 'inline' });
      if (!preparation.ok) return preparation;
      const { prepared } = preparation;
      try {
        // Writing the active index is safe only because nobody else runs.
        onLoad = loader.installAll(prepared, loader.activeIndex());
      } catch (error) {
        // installAll checks everything before it changes anything: nothing was installed.
        for (const module of prepared) loader.discard(module);
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      }
      modules = prepared.map((module) => module.module);
    } finally {
      system.releaseSystem();
    }
  } finally {
    system.releasePermission();
  }
  for (const module of onLoad) {
    const outcome = yield* completeOnLoad(context, module);
    if (!outcome.ok) return outcome;
  }
  return { ok: true, modules };
}

export const blockStrategy: LoadStrategy = {
  name: 'block',
  loadModules: loadBlocking,
};
