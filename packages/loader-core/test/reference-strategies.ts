/**
 * Strategies used to test the testkit itself: two correct ones (block, epoch) written
 * only from loader-core primitives, and deliberately broken ones the conformance suite
 * must catch. The real strategies live in their own packages.
 */
import {
  LoadError,
  completeOnLoad,
  defineLoadStrategy,
  installWithSystemBlocked,
  prepareRequest,
  withSystemBlocked,
  type LoadContext,
  type LoadRequest,
  type LoadResult,
  type LoadStrategy,
  type PrepareResult,
  type SystemTask,
} from '../src/index.js';

/** Every strategy here but block prepares in slices, outside any lock. */
function prepareSliced(context: LoadContext, request: LoadRequest): SystemTask<PrepareResult> {
  return prepareRequest(context, request, { mode: 'sliced', sliceWords: 2048 });
}

function* runOnLoads(context: LoadContext, modules: readonly string[], loaded: readonly string[]): SystemTask<LoadResult> {
  for (const module of modules) {
    const outcome = yield* completeOnLoad(context, module);
    if (!outcome.ok) return { ok: false, error: outcome.error };
  }
  return { ok: true, modules: loaded };
}

/** ERTS R16+: prepare outside any lock, stage, commit once, wait for thread progress. */
export const referenceEpoch: LoadStrategy = defineLoadStrategy({
  name: 'reference-epoch',
  prepareModule: prepareSliced,
  *finishModules(context, prepared) {
    const { loader, system } = context;
    yield { kind: 'permission' };
    let onLoad: string[];
    try {
      const staging = loader.startStaging();
      try {
        onLoad = loader.installAll(prepared, staging);
      } catch (error) {
        loader.abortStaging();
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      }
      loader.commitStaging();
      yield { kind: 'thread-progress', after: system.threadProgressStamp() };
    } finally {
      system.releasePermission();
    }
    return yield* runOnLoads(context, onLoad, prepared.map((module) => module.module));
  },
});

/** Before R16: every step with the system blocked (prepare in one block, install in another). */
export const referenceBlock: LoadStrategy = defineLoadStrategy({
  name: 'reference-block',
  *prepareModule(context, request) {
    const { loader } = context;
    const result = yield* withSystemBlocked(context, () => loader.prepare(request.bytes, { module: request.module }));
    return result.ok ? { ok: true, prepared: result.value } : result;
  },
  finishModules: installWithSystemBlocked,
});

/** Broken: installs into the active index without blocking the system. */
export const brokenNoBlock: LoadStrategy = defineLoadStrategy({
  name: 'broken-no-block',
  prepareModule: prepareSliced,
  *finishModules(context, prepared) {
    const { loader, system } = context;
    yield { kind: 'permission' };
    try {
      loader.installAll(prepared, loader.activeIndex());
    } catch (error) {
      if (error instanceof LoadError) return { ok: false, error };
      throw error;
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
});

/** Broken: publishes each module with its own commit, so an atomic pair is seen half-loaded. */
export const brokenPublishEarly: LoadStrategy = defineLoadStrategy({
  name: 'broken-publish-early',
  prepareModule: prepareSliced,
  *finishModules(context, prepared) {
    const { loader, system } = context;
    yield { kind: 'permission' };
    try {
      loader.checkInstall(prepared, loader.activeIndex());
      for (const module of prepared) {
        const staging = loader.startStaging();
        loader.installAll([module], staging);
        loader.commitStaging();
        yield { kind: 'thread-progress', after: system.threadProgressStamp() };
      }
    } catch (error) {
      if (loader.tables.stagingOpen()) loader.abortStaging();
      if (error instanceof LoadError) return { ok: false, error };
      throw error;
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
});

/** Broken: commits without waiting for thread progress, so a later staging can reuse an index still in use. */
export const brokenNoThreadProgress: LoadStrategy = defineLoadStrategy({
  name: 'broken-no-thread-progress',
  prepareModule: prepareSliced,
  *finishModules(context, prepared) {
    const { loader, system } = context;
    yield { kind: 'permission' };
    try {
      const staging = loader.startStaging();
      try {
        loader.installAll(prepared, staging);
      } catch (error) {
        loader.abortStaging();
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      }
      loader.commitStaging();
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
});

/** Broken: frees the replaced code right after the commit, while schedulers may still run it through the old index. */
export const brokenEagerFree: LoadStrategy = defineLoadStrategy({
  name: 'broken-eager-free',
  prepareModule: prepareSliced,
  *finishModules(context, prepared) {
    const { loader, system } = context;
    yield { kind: 'permission' };
    try {
      const replaced = prepared.map((module) => loader.status(module.module).current).filter((instance) => instance !== 0);
      const staging = loader.startStaging();
      try {
        loader.installAll(prepared, staging);
      } catch (error) {
        loader.abortStaging();
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      }
      // The old code is dropped at once: no thread progress, no process check.
      for (const module of prepared) if (replaced.length > 0) loader.removeOld(module.module, staging);
      loader.commitStaging();
      for (const instance of replaced) loader.freeInstance(instance);
      yield { kind: 'thread-progress', after: system.threadProgressStamp() };
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
});
