import { LoadError } from '../errors.js';
import type { LoadContext, LoadResult, SystemTask } from '../load-strategy.js';
import type { PreparedModule } from '../prepared-module.js';
import { completeOnLoad } from './complete-on-load.js';

export type BlockedWorkResult<T> = { ok: true; value: T } | { ok: false; error: LoadError };

/**
 * The pre-R16 way to change code: take the code-write permission, stop every other
 * scheduler at its next safe point, do `work`, let them go. A LoadError from `work`
 * becomes the result (the world is released either way); anything else is a bug and
 * propagates after the release.
 */
export function* withSystemBlocked<T>(context: LoadContext, work: () => T): SystemTask<BlockedWorkResult<T>> {
  const { system } = context;
  yield { kind: 'permission' };
  try {
    yield { kind: 'block-system' };
    try {
      return { ok: true, value: work() };
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

/**
 * The finish step of block and split: install into the active index with the world
 * stopped, then run the on_load functions outside the block (they may load code).
 * Writing the active index is safe only because nobody else runs; installAll checks
 * everything before it changes anything, so on a refusal nothing was installed and the
 * prepared modules stay the caller's.
 */
export function* installWithSystemBlocked(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult> {
  const { loader } = context;
  const installed = yield* withSystemBlocked(context, () => loader.installAll(prepared, loader.activeIndex()));
  if (!installed.ok) return installed;
  for (const module of installed.value) {
    const outcome = yield* completeOnLoad(context, module);
    if (!outcome.ok) return outcome;
  }
  return { ok: true, modules: prepared.map((module) => module.module) };
}
