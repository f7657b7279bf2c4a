import {
  defineLoadStrategy,
  installWithSystemBlocked,
  withSystemBlocked,
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
  const { loader } = context;
  const result = yield* withSystemBlocked(context, () => loader.prepare(request.bytes, { module: request.module }));
  return result.ok ? { ok: true, prepared: result.value } : result;
}

/** Blocks the system and installs into the active index; then runs on_load outside the block. */
export function finishBlocking(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult> {
  return installWithSystemBlocked(context, prepared);
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
