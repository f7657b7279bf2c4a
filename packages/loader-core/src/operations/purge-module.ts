import { LoadError } from '../errors.js';
import type { LoadContext, SystemTask } from '../load-strategy.js';
import type { CheckProcessCodeAnswer } from '../system-control.js';

export type PurgeMode = 'soft' | 'hard';

export type PurgeResult =
  /** The old code is gone; `killed` processes were still running it (hard purge). */
  | { readonly purged: true; readonly killed: number }
  /** Soft purge refused: `lingering` processes still run the old code; nothing changed. */
  | { readonly purged: false; readonly lingering: number }
  | { readonly purged: false; readonly error: LoadError };

/**
 * Purges a module's old code, as OTP 20+'s erts_code_purger does:
 * 1. take the code-write permission;
 * 2. check every process for references into the old code: a soft purge gives up at
 *    once if any exists, a hard purge has them killed and waits until they are gone;
 * 3. unlink the old code in a staging and commit it;
 * 4. wait for thread progress (no scheduler still reads an index that names it), then
 *    release the permission;
 * 5. have every process that still points into its literals copy them (copy-literals);
 * 6. free the code area (poisoned in test mode), the literal blocks and the header.
 */
export function* purgeModule(context: LoadContext, module: string, mode: PurgeMode): SystemTask<PurgeResult> {
  const { loader, system } = context;
  yield { kind: 'permission' };
  let permissionHeld = true;
  try {
    const old = loader.status(module, loader.activeIndex()).old;
    if (old === 0) {
      return { purged: false, error: new LoadError('no_old_code', `${module} has no old code`, -1, undefined, [module]) };
    }
    const answer = (yield { kind: 'check-process-code', instance: old, mode }) as CheckProcessCodeAnswer | undefined;
    const lingering = answer?.lingering ?? 0;
    if (mode === 'soft' && lingering > 0) return { purged: false, lingering };

    const staging = loader.startStaging();
    try {
      loader.removeOld(module, staging);
    } catch (error) {
      loader.abortStaging();
      throw error;
    }
    loader.commitStaging();
    yield { kind: 'thread-progress', after: system.threadProgressStamp() };
    system.releasePermission();
    permissionHeld = false;

    yield { kind: 'copy-literals', instance: old };
    loader.freeInstance(old);
    return { purged: true, killed: lingering };
  } finally {
    if (permissionHeld) system.releasePermission();
  }
}
