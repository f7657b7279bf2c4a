import {
  completeOnLoad,
  defineLoadStrategy,
  LoadError,
  type LoadContext,
  type LoadRequest,
  type LoadResult,
  type LoadStrategy,
  type PreparedModule,
  type PrepareResult,
  type SystemTask,
} from '@beamload/loader-core';

/**
 * ERTS before R16 (`load_module_2` in R14B04): stop the world, then do the work. R14 had
 * no separate prepare step; to keep "every piece of loading work runs with the world
 * stopped" when the two steps are apart (prepare_loading/2, then finish_loading/1), each
 * step takes the code-write permission and blocks every other scheduler at its next safe
 * point: prepare (inflate, literal decode, code transform) inside one block, the install
 * into the active index inside another. Every scheduler stands still for the whole
 * prepare, so the stall grows with the module.
 */
export function* prepareBlocking(context: LoadContext, request: LoadRequest): SystemTask<PrepareResult> {
  const { loader, system } = context;
  yield { kind: 'permission' };
  try {
    yield { kind: 'block-system' };
    try {
      return { ok: true, prepared: loader.prepare(request.bytes, { module: request.module }) };
    } catch (error) {
      if (error instanceof LoadError) return { ok: false, error };
      throw error;
    } finally {
      system.releaseSystem();
    }
  } finally {
    system.releasePermission();
  }
}

/** Blocks the system and installs into the active index; then runs on_load outside the block. */
export function* finishBlocking(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult> {
  const { loader, system } = context;
  let onLoad: string[] = [];
  yield { kind: 'permission' };
  try {
    yield { kind: 'block-system' };
    try {
      // Writing the active index is safe only because nobody else runs. installAll checks
      // everything before it changes anything: on a refusal nothing was installed and the
      // prepared modules stay the caller's.
      onLoad = loader.installAll(prepared, loader.activeIndex());
    } catch (error) {
      if (error instanceof LoadError) return { ok: false, error };
      throw error;
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
  return { ok: true, modules: prepared.map((module) => module.module) };
}

export const blockStrategy: LoadStrategy = defineLoadStrategy({
  name: 'block',
  prepareModule: prepareBlocking,
  finishModules: finishBlocking,
});

/** `load_module`: prepare (world stopped), then install (world stopped). */
export function loadBlocking(context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult> {
  return blockStrategy.loadModules(context, requests);
}
