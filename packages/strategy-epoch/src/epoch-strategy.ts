import {
  completeOnLoad,
  defineLoadStrategy,
  LoadError,
  prepareRequest,
  type LoadContext,
  type LoadResult,
  type LoadStrategy,
  type PreparedModule,
  type SystemTask,
} from '@beamload/loader-core';

/**
 * Where prepare runs:
 * - `inline`: to completion on the caller's scheduler, as OTP 25's prepare_loading does;
 *   the processes queued behind the loader on that scheduler wait for all of it.
 * - `sliced`: in bounded slices, yielding between them, so that the caller's scheduler
 *   serves its other processes in between (the loader takes its turn like any other).
 */
export type EpochPrepareMode = 'inline' | 'sliced';

export interface EpochStrategyOptions {
  /** Default `sliced`: no scheduler stalls for more than about one slice. */
  readonly prepare?: EpochPrepareMode;
  /** Literal words decoded per slice in `sliced` mode (loader-core's default when absent). */
  readonly sliceWords?: number;
  /**
   * Inflate LitT on libuv's thread pool first, the loading process yielding until it is
   * done (loader-core's `inflateOffThread`). Off by default: the inflation completes in
   * a callback, so the thread running the loader must turn its event loop between slices.
   */
  readonly inflateOffThread?: boolean;
}

/**
 * ERTS R16 and later: never stop the world. Prepare (sliced by default) while everything
 * runs; at finish, take the code-write permission; copy the active code index into the
 * staging one and install there; commit (one atomic store flips the active index); wait
 * for thread progress (every scheduler has passed a safe point, so none still reads the
 * index the next staging will reuse), suspending only the loading process; release the
 * permission.
 */
export function createEpochStrategy(options: EpochStrategyOptions = {}): LoadStrategy {
  const mode = options.prepare ?? 'sliced';
  return defineLoadStrategy({
    name: mode === 'sliced' ? 'epoch' : 'epoch-inline',
    prepareModule: (context, request) =>
      prepareRequest(context, request, { mode, sliceWords: options.sliceWords, inflateOffThread: options.inflateOffThread }),
    finishModules: finishEpoch,
  });
}

export function* finishEpoch(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult> {
  const { loader, system } = context;
  let onLoad: string[] = [];
  try {
    yield { kind: 'permission' };
    try {
      const staging = loader.startStaging();
      try {
        onLoad = loader.installAll(prepared, staging);
      } catch (error) {
        // installAll checks everything before it changes anything: nothing was installed,
        // and the prepared modules stay the caller's.
        loader.abortStaging();
        throw error;
      }
      loader.commitStaging();
      yield { kind: 'thread-progress', after: system.threadProgressStamp() };
    } finally {
      system.releasePermission();
    }
  } catch (error) {
    if (error instanceof LoadError) return { ok: false, error };
    throw error;
  }
  for (const module of onLoad) {
    const outcome = yield* completeOnLoad(context, module);
    if (!outcome.ok) return outcome;
  }
  return { ok: true, modules: prepared.map((module) => module.module) };
}

/** The default: prepare in slices. */
export const epochStrategy: LoadStrategy = createEpochStrategy();

/** OTP 25's behaviour: prepare inline on the caller's scheduler. */
export const epochInlineStrategy: LoadStrategy = createEpochStrategy({ prepare: 'inline' });
