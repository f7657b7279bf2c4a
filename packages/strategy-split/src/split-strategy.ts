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
 * The 2011 decode-then-block patch against R14B04: prepare first (inflate, literal
 * decode, code transform) while everything keeps running, then take the code-write
 * permission, block every other scheduler, install into the active index, release.
 * The world stands still only for the install, whatever the module's size.
 */
export function* loadSplit(context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult> {
  const { loader, system } = context;
  const preparation = yield* prepareRequests(context, requests, { mode: 'inline' });
  if (!preparation.ok) return preparation;
  const { prepared } = preparation;
  let installed = false;
  let onLoad: string[] = [];
  try {
    yield { kind: 'permission' };
    try {
      yield { kind: 'block-system' };
      try {
        // Writing the active index is safe only because nobody else runs.
        onLoad = loader.installAll(prepared, loader.activeIndex());
        installed = true;
      } finally {
        system.releaseSystem();
      }
    } finally {
      system.releasePermission();
    }
  } catch (error) {
    if (error instanceof LoadError) return { ok: false, error };
    throw error;
  } finally {
    // installAll checks everything before it changes anything: unless it installed, nothing
    // was, and what was prepared is freed (also when the load is abandoned while waiting).
    if (!installed) for (const module of prepared) loader.discard(module);
  }
  for (const module of onLoad) {
    const outcome = yield* completeOnLoad(context, module);
    if (!outcome.ok) return outcome;
  }
  return { ok: true, modules: prepared.map((module) => module.module) };
}

export const splitStrategy: LoadStrategy = {
  name: 'split',
  loadModules: loadSplit,
};
