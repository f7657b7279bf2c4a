import { readFileSync } from 'node:fs';
import type { PlannedLoad } from '../load-plan.js';

/** Where the arena starts and how far it may grow for the prepare measurement. */
const ARENA_INITIAL_BYTES = 16 << 20;
const ARENA_MAX_BYTES = 1 << 30;

export type PrepareMeasurement =
  | { status: 'ran'; samples: { size: number; prepareUs: number[] }[] }
  | { status: 'not-run'; reason: string };

/**
 * loader-core's prepare (verify, inflate, decode the literals into the arena, transform
 * the code) on the very files the scenario loads, on this thread, with no runtime around
 * it: what our prepare costs next to ERTS's prepare_loading, while the runtime cannot run
 * the whole scenario yet. One untimed prepare of each size first, so that the JIT's
 * warm-up is not counted; every prepared module is discarded again.
 */
export async function measureLoaderCorePrepare(loads: readonly (PlannedLoad & { path: string })[]): Promise<PrepareMeasurement> {
  let terms: Record<string, any>;
  let loaderCore: Record<string, any>;
  try {
    // Computed specifiers: these packages' surfaces are still being built; the bench
    // feature-detects what it needs and says what is missing instead of failing to build.
    const termsSpecifier = '@beamload/terms';
    const loaderCoreSpecifier = '@beamload/loader-core';
    terms = (await import(termsSpecifier)) as Record<string, any>;
    loaderCore = (await import(loaderCoreSpecifier)) as Record<string, any>;
  } catch (error) {
    return { status: 'not-run', reason: `loader-core or terms cannot be imported (${firstLine(error)})` };
  }
  const { Arena, AtomTable } = terms;
  const { Loader, NO_BIFS } = loaderCore;
  if (typeof Arena?.create !== 'function' || typeof AtomTable?.create !== 'function') {
    return { status: 'not-run', reason: '@beamload/terms does not export Arena.create and AtomTable.create' };
  }
  if (typeof Loader?.create !== 'function' || typeof Loader.prototype.prepare !== 'function' || typeof Loader.prototype.discard !== 'function') {
    return { status: 'not-run', reason: '@beamload/loader-core does not export Loader with prepare and discard' };
  }
  const arena = Arena.create({ initialBytes: ARENA_INITIAL_BYTES, maxBytes: ARENA_MAX_BYTES });
  const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS, {});
  const prepareOnce = (bytes: Uint8Array): number => {
    const start = performance.now();
    const prepared = loader.prepare(bytes);
    const elapsedUs = (performance.now() - start) * 1000;
    loader.discard(prepared);
    return elapsedUs;
  };
  const samples: { size: number; prepareUs: number[] }[] = [];
  try {
    for (const size of [...new Set(loads.map((load) => load.size))]) {
      const files = loads.filter((load) => load.size === size).map((load) => readFileSync(load.path));
      prepareOnce(files[0]);
      samples.push({ size, prepareUs: files.map(prepareOnce) });
    }
  } catch (error) {
    return { status: 'not-run', reason: `loader-core's prepare failed: ${firstLine(error)}` };
  }
  return { status: 'ran', samples };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
