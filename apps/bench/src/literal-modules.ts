import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLiteralModule, ErlTuple } from '@beamload/beam-format';
import { LITERAL_MODULE_NAME, type PlannedLoad } from './load-plan.js';

/**
 * How the hot-loaded modules are made: beam-format's buildLiteralModule, with entry I the
 * tuple {I, <<"value-I">>} (N distinct compound terms, so N LitT entries, and lit/1 one
 * select_val over 1..N), version/0 returning the load's version. Part of the cache key.
 */
export const MODULE_GENERATOR = 'beam-format buildLiteralModule, entries {I, <<"value-I">>}';
const CACHE_SUBDIRECTORY = 'build-literal-module-1';

export function moduleFilePath(cacheDirectory: string, load: PlannedLoad): string {
  return join(cacheDirectory, CACHE_SUBDIRECTORY, `${LITERAL_MODULE_NAME}-${load.size}-v${load.version}.beam`);
}

/**
 * Makes sure a .beam file exists for every load and returns the paths in the order given.
 * Building is deterministic (the same size and version give the same bytes) and takes
 * seconds at 200,000 entries, so files are kept between runs.
 */
export function ensureModuleFiles(
  cacheDirectory: string,
  loads: readonly PlannedLoad[],
  progress: (message: string) => void = () => {},
): string[] {
  mkdirSync(join(cacheDirectory, CACHE_SUBDIRECTORY), { recursive: true });
  const entriesBySize = new Map<number, ErlTuple[]>();
  return loads.map((load) => {
    const path = moduleFilePath(cacheDirectory, load);
    if (existsSync(path)) return path;
    let entries = entriesBySize.get(load.size);
    if (entries === undefined) {
      entries = literalEntries(load.size);
      entriesBySize.set(load.size, entries);
    }
    progress(`building ${LITERAL_MODULE_NAME} with ${load.size} entries, version ${load.version}`);
    const bytes = buildLiteralModule({ name: LITERAL_MODULE_NAME, entries, version: load.version });
    // Write then rename, so that an interrupted run never leaves a truncated file behind.
    const partial = `${path}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, path);
    return path;
  });
}

function literalEntries(size: number): ErlTuple[] {
  const encoder = new TextEncoder();
  return Array.from({ length: size }, (_, index) => new ErlTuple([index + 1, encoder.encode(`value-${index + 1}`)]));
}
