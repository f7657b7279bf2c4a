/**
 * Strategies used to test the testkit itself: two correct ones (block, epoch) written
 * only from loader-core primitives, and deliberately broken ones the conformance suite
 * must catch. The real strategies live in their own packages.
 */
import {
  LoadError,
  completeOnLoad,
  prepareRequests,
  type LoadContext,
  type LoadRequest,
  type LoadResult,
  type LoadStrategy,
  type PreparedModule,
  type SystemTask,
} from '../src/index.js';

function* prepareAll(context: LoadContext, requests: readonly LoadRequest[]): SystemTask<PreparedModule[] | LoadError> {
  const result = yield* prepareRequests(context, requests, { mode: 'sliced', sliceWords: 2048 });
  return result.ok ? result.prepared : result.error;
}

function* runOnLoads(context: LoadContext, modules: readonly string[], loaded: readonly string[]): SystemTask<LoadResult> {
  for (const module of modules) {
    const outcome = yield* completeOnLoad(context, module);
    if (!outcome.ok) return { ok: false, error: outcome.error };
  }
  return { ok: true, modules: loaded };
}

/** ERTS R16+: prepare outside any lock, stage, commit once, wait for thread progress. */
export const referenceEpoch: LoadStrategy = {
  name: 'reference-epoch',
  *loadModules(context, requests) {
    const { loader, system } = context;
    const prepared = yield* prepareAll(context, requests);
    if (prepared instanceof LoadError) return { ok: false, error: prepared };
    yield { kind: 'permission' };
    let onLoad: string[];
    try {
      const staging = loader.startStaging();
      try {
        onLoad = loader.installAll(prepared, staging);
      } catch (error) {
        loader.abortStaging();
        for (const module of prepared) loader.discard(module);
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
};

/** Before R16: block the system, then prepare and install into the active index. */
export const referenceBlock: LoadStrategy = {
  name: 'reference-block',
  *loadModules(context, requests) {
    const { loader, system } = context;
    yield { kind: 'permission' };
    let onLoad: string[] = [];
    let prepared: PreparedModule[] = [];
    try {
      yield { kind: 'block-system' };
      try {
        for (const request of requests) prepared.push(loader.prepare(request.bytes, { module: request.module }));
        onLoad = loader.installAll(prepared, loader.activeIndex());
      } catch (error) {
        for (const module of prepared) loader.discard(module);
        prepared = [];
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      } finally {
        system.releaseSystem();
      }
    } finally {
      system.releasePermission();
    }
    return yield* runOnLoads(context, onLoad, prepared.map((module) => module.module));
  },
};

/** Broken: installs into the active index without blocking the system. */
export const brokenNoBlock: LoadStrategy = {
  name: 'broken-no-block',
  *loadModules(context, requests) {
    const { loader, system } = context;
    const prepared = yield* prepareAll(context, requests);
    if (prepared instanceof LoadError) return { ok: false, error: prepared };
    yield { kind: 'permission' };
    try {
      loader.installAll(prepared, loader.activeIndex());
    } catch (error) {
      for (const module of prepared) loader.discard(module);
      if (error instanceof LoadError) return { ok: false, error };
      throw error;
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
};

/** Broken: publishes each module with its own commit, so an atomic pair is seen half-loaded. */
export const brokenPublishEarly: LoadStrategy = {
  name: 'broken-publish-early',
  *loadModules(context, requests) {
    const { loader, system } = context;
    const prepared = yield* prepareAll(context, requests);
    if (prepared instanceof LoadError) return { ok: false, error: prepared };
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
      for (const module of prepared) if (loader.instance(module.instance).state === 1) loader.discard(module);
      if (error instanceof LoadError) return { ok: false, error };
      throw error;
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
};

/** Broken: commits without waiting for thread progress, so a later staging can reuse an index still in use. */
export const brokenNoThreadProgress: LoadStrategy = {
  name: 'broken-no-thread-progress',
  *loadModules(context, requests) {
    const { loader, system } = context;
    const prepared = yield* prepareAll(context, requests);
    if (prepared instanceof LoadError) return { ok: false, error: prepared };
    yield { kind: 'permission' };
    try {
      const staging = loader.startStaging();
      try {
        loader.installAll(prepared, staging);
      } catch (error) {
        loader.abortStaging();
        for (const module of prepared) loader.discard(module);
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      }
      loader.commitStaging();
    } finally {
      system.releasePermission();
    }
    return { ok: true, modules: prepared.map((module) => module.module) };
  },
};

/** Broken: frees the replaced code right after the commit, while schedulers may still run it through the old index. */
export const brokenEagerFree: LoadStrategy = {
  name: 'broken-eager-free',
  *loadModules(context, requests) {
    const { loader, system } = context;
    const prepared = yield* prepareAll(context, requests);
    if (prepared instanceof LoadError) return { ok: false, error: prepared };
    yield { kind: 'permission' };
    try {
      const replaced = prepared.map((module) => loader.status(module.module).current).filter((instance) => instance !== 0);
      const staging = loader.startStaging();
      try {
        loader.installAll(prepared, staging);
      } catch (error) {
        loader.abortStaging();
        for (const module of prepared) loader.discard(module);
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
};
