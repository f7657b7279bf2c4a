import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LITERAL_MODULE_NAME, type PlannedLoad } from './load-plan.js';
import { workloadEbinDirectory } from './package-paths.js';

/**
 * How the synthetic modules are made. erlc's compiler (driven by erlang/bench_literal_gen.erl)
 * writes them today; beam-format's builder is meant to replace it once it exports
 * buildLiteralModule, so that the bench needs no Erlang to produce its input.
 */
export const MODULE_GENERATOR = 'erlc-from-core/1';

/** Generation of a 200,000-entry module takes about 2 s; a stuck erl must not hang the bench. */
const GENERATION_TIMEOUT_MS = 600_000;

export function moduleFilePath(cacheDirectory: string, load: PlannedLoad): string {
  return join(cacheDirectory, MODULE_GENERATOR.replace(/[^a-z0-9]+/gi, '-'), `${LITERAL_MODULE_NAME}-${load.size}-v${load.version}.beam`);
}

/**
 * Makes sure a .beam file exists for every load (files are cached: the same size and version
 * always yield the same bytes). Returns the paths in the order given.
 */
export function ensureModuleFiles(cacheDirectory: string, loads: readonly PlannedLoad[]): string[] {
  const paths = loads.map((load) => moduleFilePath(cacheDirectory, load));
  const missing = loads.filter((_, index) => !existsSync(paths[index]));
  if (missing.length > 0) {
    const directory = join(cacheDirectory, MODULE_GENERATOR.replace(/[^a-z0-9]+/gi, '-'));
    mkdirSync(directory, { recursive: true });
    const specs = missing.map((load) => `${load.size}:${load.version}`);
    const result = spawnSync(
      'erl',
      ['-noshell', '-pa', workloadEbinDirectory(), '-run', 'bench_literal_gen', 'main', directory, LITERAL_MODULE_NAME, ...specs],
      { encoding: 'utf8', timeout: GENERATION_TIMEOUT_MS },
    );
    if (result.error || result.status !== 0) {
      throw new Error(
        `generating the literal modules with erl failed: ${result.error?.message ?? `status ${result.status}`}\n${result.stderr}${result.stdout}`,
      );
    }
    for (const path of paths) if (!existsSync(path)) throw new Error(`erl did not write ${path}`);
  }
  return paths;
}
