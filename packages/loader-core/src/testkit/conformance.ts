import { Arena, AtomTable } from '@beamload/terms';
import type { BifRegistry } from '../bif-registry.js';
import { NO_BIFS } from '../bif-registry.js';
import type { LoadErrorCode } from '../errors.js';
import type { LoadRequest, LoadResult, LoadStrategy } from '../load-strategy.js';
import { Loader } from '../loader.js';
import type { PreparedModule } from '../prepared-module.js';
import { InstanceState } from '../tables/code-instance.js';
import { purgeModule } from '../operations/purge-module.js';
import { deleteModule } from '../operations/delete-module.js';
import { ModuleVersions, type TestkitModule } from './module-versions.js';
import { SimulatedSystem, type SimulatedSystemOptions, type Violation } from './simulated-system.js';

export interface ConformanceOptions {
  readonly seed?: number;
  readonly schedulers?: number;
  /** Single-module reloads under fire (default 200). */
  readonly reloads?: number;
  /** Atomic two-module reloads under fire (default 100). */
  readonly atomicReloads?: number;
  /** Load/purge cycles of the reclamation check (default 100). */
  readonly reclamationCycles?: number;
  /** The runtime's BIF registry, when the strategy needs a real one. */
  readonly bifs?: BifRegistry;
}

export interface ConformanceCheck {
  readonly name: string;
  readonly ok: boolean;
  /** What went wrong (empty when ok). */
  readonly problems: readonly string[];
}

export interface ConformanceReport {
  readonly strategy: string;
  readonly ok: boolean;
  readonly checks: readonly ConformanceCheck[];
  /** `M:version()` calls the simulated processes made across all checks. */
  readonly calls: number;
}

/** A fresh arena, atom table and loader (with freed code poisoned), inside a simulated system. */
export interface SimulatedLoaderSystem {
  readonly arena: Arena;
  readonly atoms: AtomTable;
  readonly loader: Loader;
  readonly sim: SimulatedSystem;
  readonly versions: ModuleVersions;
}

export const WATCHED_MODULES: readonly TestkitModule[] = ['tk_alpha', 'tk_beta', 'tk_gamma'];

export function createSimulatedLoaderSystem(
  options: Partial<SimulatedSystemOptions> & { bifs?: BifRegistry } = {},
): SimulatedLoaderSystem {
  const arena = Arena.create({ initialBytes: 4 << 20, maxBytes: 1 << 30 });
  const atoms = AtomTable.create(arena);
  const loader = Loader.create(arena, atoms, options.bifs ?? NO_BIFS, { poisonFreedCode: true });
  const versions = new ModuleVersions();
  const sim = new SimulatedSystem(loader, {
    watched: WATCHED_MODULES,
    atomicGroups: [['tk_alpha', 'tk_beta']],
    versionOfMd5: (md5) => versions.versionOf(md5),
    ...options,
  });
  return { arena, atoms, loader, sim, versions };
}

/**
 * The conformance suite every strategy runs: each check builds a fresh simulated system
 * (2 schedulers by default, processes calling `M:version()` all the time) and drives the
 * strategy through it. It checks that a load is never seen half-done, that versions are
 * monotonic per process, that atomic multi-module loads are seen all-or-nothing, that
 * failed loads change nothing, that no freed code is reachable, and that every table
 * write happens with the code-write permission.
 */
export function runStrategyConformance(strategy: LoadStrategy, options: ConformanceOptions = {}): ConformanceReport {
  const checks: ConformanceCheck[] = [];
  let calls = 0;
  const run = (name: string, body: (system: SimulatedLoaderSystem, problems: string[]) => void) => {
    const system = createSimulatedLoaderSystem({
      seed: (options.seed ?? 1) + checks.length * 7919,
      schedulers: options.schedulers ?? 2,
      bifs: options.bifs,
    });
    const problems: string[] = [];
    try {
      body(system, problems);
    } catch (error) {
      problems.push(`threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    problems.push(...describeViolations(system.sim.violations));
    calls += system.sim.calls;
    checks.push({ name, ok: problems.length === 0, problems });
  };

  run('single-module reloads under fire', (system, problems) => {
    const reloads = options.reloads ?? 200;
    expectOk(problems, 'first load', load(system, strategy, [['tk_gamma', 1]]));
    for (let version = 2; version <= reloads; version++) {
      const result = load(system, strategy, [['tk_gamma', version]]);
      if (!expectOk(problems, `load of version ${version}`, result)) return;
      const purge = system.sim.run(purgeModule(system.sim.context, 'tk_gamma', 'hard'));
      if (!purge.purged) problems.push(`hard purge after version ${version} failed: ${JSON.stringify(purge)}`);
      system.sim.idle(system.sim.random.int(0, 30));
    }
    system.sim.idle(200);
    expectCurrentVersion(system, problems, 'tk_gamma', reloads);
  });

  run('atomic two-module reloads under fire', (system, problems) => {
    const reloads = options.atomicReloads ?? 100;
    for (let version = 1; version <= reloads; version++) {
      const result = load(system, strategy, [
        ['tk_alpha', version],
        ['tk_beta', version],
      ]);
      if (!expectOk(problems, `atomic load of version ${version}`, result)) return;
      if (version > 1) {
        for (const module of ['tk_alpha', 'tk_beta']) {
          const purge = system.sim.run(purgeModule(system.sim.context, module, 'hard'));
          if (!purge.purged) problems.push(`hard purge of ${module} after version ${version} failed`);
        }
      }
      system.sim.idle(system.sim.random.int(0, 30));
    }
    system.sim.idle(200);
    expectCurrentVersion(system, problems, 'tk_alpha', reloads);
    expectCurrentVersion(system, problems, 'tk_beta', reloads);
  });

  run('failed loads change nothing', (system, problems) => {
    const { sim, versions } = system;
    expectOk(problems, 'set-up', load(system, strategy, [['tk_alpha', 1], ['tk_beta', 1]]));
    expectOk(problems, 'set-up', load(system, strategy, [['tk_gamma', 1]]));
    expectOk(problems, 'set-up', load(system, strategy, [['tk_gamma', 2]]));
    const corrupt = versions.bytes('tk_beta', 2).slice(0, 200);
    const cases: Array<{ what: string; requests: LoadRequest[]; code: LoadErrorCode }> = [
      { what: 'a truncated file in an atomic pair', requests: [{ bytes: versions.bytes('tk_alpha', 2) }, { bytes: corrupt }], code: 'badfile' },
      { what: 'a module given twice', requests: [{ bytes: versions.bytes('tk_alpha', 2) }, { bytes: versions.bytes('tk_alpha', 3) }], code: 'duplicated' },
      { what: 'a module with old code', requests: [{ bytes: versions.bytes('tk_gamma', 3) }], code: 'not_purged' },
      { what: 'an on_load module in an atomic load', requests: [{ bytes: versions.bytes('tk_onload', 1) }, { bytes: versions.bytes('tk_beta', 2) }], code: 'on_load_not_allowed' },
      { what: 'a file that is not the module asked for', requests: [{ bytes: versions.bytes('tk_alpha', 2), module: 'tk_beta' }], code: 'badfile' },
      { what: 'bytes that are no BEAM file', requests: [{ bytes: new TextEncoder().encode('FOR1 this is not a beam file') }], code: 'badfile' },
    ];
    for (const { what, requests, code } of cases) {
      const before = snapshot(system);
      const result = sim.run(strategy.loadModules(sim.context, requests));
      sim.idle(50);
      const after = snapshot(system);
      if (result.ok) problems.push(`${what}: loaded, expected ${code}`);
      else if (result.error.code !== code) problems.push(`${what}: failed with ${result.error.code}, expected ${code}`);
      if (before !== after) problems.push(`${what}: the system changed:\n  before ${before}\n  after  ${after}`);
    }
    expectCurrentVersion(system, problems, 'tk_alpha', 1);
    expectCurrentVersion(system, problems, 'tk_gamma', 2);
  });

  run('on_load: callable only after it returns ok; on failure the old code stays', (system, problems) => {
    const { sim, loader } = system;
    let onLoadOk = true;
    sim.setOnLoadAnswer(() => onLoadOk);
    expectOk(problems, 'load with a succeeding on_load', load(system, strategy, [['tk_onload', 1]]));
    if (!loader.moduleLoaded('tk_onload')) problems.push('tk_onload is not loaded after its on_load returned ok');
    expectCurrentVersion(system, problems, 'tk_onload', 1);
    onLoadOk = false;
    const before = snapshot(system, ['tk_onload']);
    const failed = load(system, strategy, [['tk_onload', 2]]);
    if (failed.ok) problems.push('a load whose on_load fails succeeded');
    else if (failed.error.code !== 'on_load_failure') problems.push(`failed on_load gave ${failed.error.code}, expected on_load_failure`);
    sim.idle(50);
    const after = snapshot(system, ['tk_onload']);
    if (before !== after) problems.push(`a failed on_load changed the system:\n  before ${before}\n  after  ${after}`);
    expectCurrentVersion(system, problems, 'tk_onload', 1);
  });

  run('concurrent loaders are serialised', (system, problems) => {
    const { sim, versions } = system;
    for (let round = 1; round <= 20; round++) {
      const results = sim.runConcurrently([
        { task: strategy.loadModules(sim.context, [{ bytes: versions.bytes('tk_gamma', round) }]), scheduler: 0 },
        {
          task: strategy.loadModules(sim.context, [{ bytes: versions.bytes('tk_alpha', round) }, { bytes: versions.bytes('tk_beta', round) }]),
          scheduler: 1 % sim.schedulers.length,
        },
      ]) as LoadResult[];
      results.forEach((result, i) => expectOk(problems, `concurrent load ${i} of round ${round}`, result));
      for (const module of ['tk_gamma', 'tk_alpha', 'tk_beta']) {
        if (round > 1) {
          const purge = sim.run(purgeModule(sim.context, module, 'hard'));
          if (!purge.purged) problems.push(`purge of ${module} in round ${round} failed`);
        }
      }
    }
    sim.idle(100);
    expectCurrentVersion(system, problems, 'tk_gamma', 20);
    expectCurrentVersion(system, problems, 'tk_alpha', 20);
  });

  run('prepare and finish as two steps (prepare_loading/2, finish_loading/1)', (system, problems) => {
    const { sim, versions, loader } = system;
    const prepare = (module: TestkitModule, version: number) => {
      const result = sim.run(strategy.prepareModule(sim.context, { module, bytes: versions.bytes(module, version) }));
      if (!result.ok) throw new Error(`prepare of ${module} version ${version} failed: ${result.error.message}`);
      return result.prepared;
    };
    const isPrepared = (prepared: PreparedModule) => loader.instance(prepared.instance).state === InstanceState.Prepared;
    expectOk(problems, 'set-up', load(system, strategy, [['tk_gamma', 1]]));
    const tables = snapshot(system, WATCHED_MODULES, false);
    const v2 = prepare('tk_gamma', 2);
    const v3 = prepare('tk_gamma', 3);
    sim.idle(50);
    if (snapshot(system, WATCHED_MODULES, false) !== tables) problems.push('prepare changed the code tables');
    expectCurrentVersion(system, problems, 'tk_gamma', 1);
    expectOk(problems, 'finish of version 2', sim.run(strategy.finishModules(sim.context, [v2])));
    expectCurrentVersion(system, problems, 'tk_gamma', 2);
    const refused = sim.run(strategy.finishModules(sim.context, [v3]));
    if (refused.ok || refused.error.code !== 'not_purged') problems.push(`finish over old code: ${refused.ok ? 'ok' : refused.error.code}, expected not_purged`);
    if (!isPrepared(v3)) problems.push('a refused finish (not_purged) did not leave the module prepared');
    const twice = sim.run(strategy.finishModules(sim.context, [v3, v3]));
    if (twice.ok || twice.error.code !== 'duplicated') problems.push(`finish of one module twice in a list: ${twice.ok ? 'ok' : twice.error.code}, expected duplicated`);
    if (!isPrepared(v3)) problems.push('a refused finish (duplicated) did not leave the module prepared');
    const purge = sim.run(purgeModule(sim.context, 'tk_gamma', 'hard'));
    if (!purge.purged) problems.push('purge failed');
    expectOk(problems, 'finish of version 3 after the purge', sim.run(strategy.finishModules(sim.context, [v3])));
    expectCurrentVersion(system, problems, 'tk_gamma', 3);
    const before = snapshot(system);
    const again = sim.run(strategy.finishModules(sim.context, [v3]));
    sim.idle(20);
    if (again.ok) problems.push('finishing an installed module again succeeded');
    if (snapshot(system) !== before) problems.push('finishing an installed module again changed the system');
    const unused = prepare('tk_alpha', 2);
    loader.discard(unused);
    sim.idle(20);
    if (snapshot(system) !== before) problems.push('a prepared module never finished, discarded, left memory behind');
    const bad = sim.run(strategy.prepareModule(sim.context, { bytes: new TextEncoder().encode('FOR1 not a beam') }));
    if (bad.ok || bad.error.code !== 'badfile') problems.push(`prepare of bad bytes: ${bad.ok ? 'ok' : bad.error.code}, expected badfile`);
    if (snapshot(system) !== before) problems.push('a failed prepare left something behind');
  });

  run('reclamation: load/purge cycles return the arena to its footprint', (system, problems) => {
    const { sim, arena, loader } = system;
    const cycle = (version: number) => {
      expectOk(problems, `load of version ${version}`, load(system, strategy, [['tk_gamma', version], ['tk_alpha', version]]));
      for (const module of ['tk_gamma', 'tk_alpha']) {
        const deleted = sim.run(deleteModule(sim.context, module));
        if (!deleted.ok) problems.push(`delete_module(${module}) failed: ${deleted.error.message}`);
        const purge = sim.run(purgeModule(sim.context, module, 'hard'));
        if (!purge.purged) problems.push(`purge of ${module} failed`);
      }
    };
    cycle(1); // creates atoms and export entries, which live forever
    const start = arena.stats().bytesInUse;
    const cycles = options.reclamationCycles ?? 100;
    for (let version = 2; version <= cycles + 1 && problems.length === 0; version++) cycle(version);
    const end = arena.stats().bytesInUse;
    if (end !== start) problems.push(`arena bytes in use went from ${start} to ${end} over ${cycles} load/purge cycles`);
    if (loader.tables.liveInstances() !== 0) problems.push(`${loader.tables.liveInstances()} code instances still live`);
  });

  return { strategy: strategy.name, ok: checks.every((check) => check.ok), checks, calls };
}

function load(system: SimulatedLoaderSystem, strategy: LoadStrategy, modules: ReadonlyArray<[TestkitModule, number]>): LoadResult {
  const requests = modules.map(([module, version]) => ({ module, bytes: system.versions.bytes(module, version) }));
  return system.sim.run(strategy.loadModules(system.sim.context, requests));
}

function expectOk(problems: string[], what: string, result: LoadResult): boolean {
  if (result.ok) return true;
  problems.push(`${what} failed: ${result.error.message}`);
  return false;
}

function expectCurrentVersion(system: SimulatedLoaderSystem, problems: string[], module: string, version: number): void {
  const current = system.loader.status(module).current;
  if (current === 0) {
    problems.push(`${module} has no current code, expected version ${version}`);
    return;
  }
  const md5 = system.loader.instance(current).md5;
  const seen = system.versions.versionOf([...md5].map((byte) => byte.toString(16).padStart(2, '0')).join(''));
  if (seen !== version) problems.push(`${module} is at version ${seen}, expected ${version}`);
}

/** What a failed load must not change: module slots, export addresses, arena use, live instances. */
function snapshot(system: SimulatedLoaderSystem, modules: readonly string[] = [...WATCHED_MODULES, 'tk_onload'], withMemory = true): string {
  const { loader, arena } = system;
  const codeIndex = loader.activeIndex();
  const state = modules.map((module) => {
    const status = loader.status(module, codeIndex);
    const exportEntry = loader.tables.exports.lookup(loader.atomWord(module), loader.atomWord('version'), 0);
    // A failed prepare may leave inert export entries (never freed, like atoms): only their addresses count.
    return [module, status.current, status.old, status.onLoadPending, exportEntry < 0 ? 0 : loader.tables.exports.address(exportEntry, codeIndex)];
  });
  const byKind = arena.stats().bytesInUseByKind;
  if (!withMemory) return JSON.stringify({ state, stagingOpen: loader.tables.stagingOpen() });
  return JSON.stringify({
    state,
    // Code instances, literal areas and refc binary data. Not atoms or table segments:
    // a failed prepare may create atoms and inert export entries, which live forever.
    instanceBytes: byKind.code + byKind.literal + byKind.other,
    liveInstances: loader.tables.liveInstances(),
    stagingOpen: loader.tables.stagingOpen(),
  });
}

function describeViolations(violations: readonly Violation[]): string[] {
  const byKind = new Map<string, Violation[]>();
  for (const violation of violations) {
    const list = byKind.get(violation.kind) ?? [];
    list.push(violation);
    byKind.set(violation.kind, list);
  }
  return [...byKind].map(([kind, list]) => `${list.length} ${kind} violation(s), first: ${list[0].detail}`);
}
