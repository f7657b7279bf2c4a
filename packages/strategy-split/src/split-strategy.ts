import {
  defineLoadStrategy,
  installWithSystemBlocked,
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
 * scheduler, install into the active index, release (the same finish as block's). The
 * world stands still only for the install, whatever the module's size.
 */
export function prepareSplit(context: LoadContext, request: LoadRequest): SystemTask<PrepareResult> {
  return prepareRequest(context, request, { mode: 'inline' });
}

export function finishSplit(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult> {
  return installWithSystemBlocked(context, prepared);
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
