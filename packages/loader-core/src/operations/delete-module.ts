import { LoadError } from '../errors.js';
import type { LoadContext, SystemTask } from '../load-strategy.js';

/**
 * erlang:delete_module/1: the current code becomes old and the module's exports stop
 * pointing at it, published by one commit. Refused (changing nothing) with `not_loaded`
 * when there is no current code and `not_purged` when old code exists.
 */
export function* deleteModule(context: LoadContext, module: string): SystemTask<{ ok: true } | { ok: false; error: LoadError }> {
  const { loader, system } = context;
  yield { kind: 'permission' };
  try {
    const status = loader.status(module, loader.activeIndex());
    if (status.current === 0) return { ok: false, error: new LoadError('not_loaded', `${module} has no current code`, -1, undefined, [module]) };
    if (status.old !== 0) return { ok: false, error: new LoadError('not_purged', `${module} must be purged first`, -1, undefined, [module]) };
    const staging = loader.startStaging();
    loader.deleteModule(module, staging);
    loader.commitStaging();
    yield { kind: 'thread-progress', after: system.threadProgressStamp() };
    return { ok: true };
  } finally {
    system.releasePermission();
  }
}
