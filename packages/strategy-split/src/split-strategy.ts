import {
  completeOnLoad,
  defineLoadStrategy,
  LoadError,
  prepareRequest,
  type LoadContext,
  type LoadRequest,
  type LoadResult,
  type LoadStrategy,
  type PreparedModule,
  type PrepareResult,
  type SystemTask,
} from '@beamload/loader-core';

/**
 * The 2011 decode-then-block patch against R14B04: prepare first (inflate, literal
 * decode, code transform) while everything keeps running, inline on the caller's
 * scheduler; then, at finish, take the code-write permission, block every other
 * scheduler, install into the active index, release. The world stands still only for
 * the install, whatever the module's size.
 */
export function prepareSplit(context: LoadContext, request: LoadRequest): SystemTask<PrepareResult> {
  return prepareRequest(context, request, { mode: 'inline' });
}

export function* finishSplit(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult> {
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

export const splitStrategy: LoadStrategy = defineLoadStrategy({
  name: 'split',
  prepareModule: prepareSplit,
  finishModules: finishSplit,
});

/** `load_module`: prepare every request, then one block for the install. */
export function loadSplit(context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult> {
  return splitStrategy.loadModules(context, requests);
}
