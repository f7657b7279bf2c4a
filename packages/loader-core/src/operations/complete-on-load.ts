import { LoadError } from '../errors.js';
import type { LoadContext, SystemTask } from '../load-strategy.js';
import type { OnLoadAnswer } from '../system-control.js';

/**
 * Runs a freshly installed module's on_load function and publishes the outcome. Called
 * by a strategy after its install committed with the module parked as "on_load
 * pending", and after it released the permission (the on_load function may itself load
 * code). Until this returns, the new code is not callable and the old current code, if
 * any, stays current. On `ok` the new code becomes current (one commit); otherwise it is
 * dropped, freed, and the result is `on_load_failure`.
 */
export function* completeOnLoad(context: LoadContext, module: string): SystemTask<{ ok: true } | { ok: false; error: LoadError }> {
  const { loader, system } = context;
  const pending = loader.status(module).onLoadPending;
  if (pending === 0) return { ok: false, error: new LoadError('not_loaded', `${module} has no pending on_load`, -1, undefined, [module]) };
  const entry = loader.instance(pending).onLoadEntry;
  const answer = (yield { kind: 'run-on-load', module, entry }) as OnLoadAnswer | undefined;
  const ok = answer?.ok === true;

  yield { kind: 'permission' };
  let dropped = 0;
  try {
    const staging = loader.startStaging();
    dropped = loader.finishOnLoad(module, ok, staging);
    loader.commitStaging();
    yield { kind: 'thread-progress', after: system.threadProgressStamp() };
  } finally {
    system.releasePermission();
  }
  if (ok) return { ok: true };
  // Only the on_load process could run the dropped code, and it has finished.
  if (dropped !== 0) {
    yield { kind: 'copy-literals', instance: dropped };
    loader.freeInstance(dropped);
  }
  return {
    ok: false,
    error: new LoadError('on_load_failure', `${module}'s on_load did not return ok${answer?.detail ? `: ${answer.detail}` : ''}`, -1, undefined, [module]),
  };
}
