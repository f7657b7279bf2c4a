/** One hot load in the scenario: the module size and the version its version/0 returns. */
export interface PlannedLoad {
  size: number;
  version: number;
}

/** The module loaded before the workers start: one entry (the builder needs one), version 0. */
export const INITIAL_LOAD: PlannedLoad = { size: 1, version: 0 };

/** The hot-loaded module's name on every engine. */
export const LITERAL_MODULE_NAME = 'bench_lit';

/**
 * Sizes in ascending order, `loadsPerSize` loads each, versions 1, 2, ... in load order:
 * every load must change version/0 so that the workers can tell when they run new code.
 */
export function planLoads(sizes: readonly number[], loadsPerSize: number): PlannedLoad[] {
  const ordered = [...sizes].sort((left, right) => left - right);
  const loads: PlannedLoad[] = [];
  for (const size of ordered) {
    for (let repeat = 0; repeat < loadsPerSize; repeat++) loads.push({ size, version: loads.length + 1 });
  }
  return loads;
}
