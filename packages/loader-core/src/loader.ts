import type { BifRegistry, LoaderAtoms } from './bif-registry.js';
import { LoadError } from './errors.js';
import type { LoaderArena } from './memory.js';
import type { PreparedModule } from './prepared-module.js';
import {
  CODE_POISON_WORD,
  CodeInstance,
  INSTANCE_CODE_AREA,
  INSTANCE_EXPORTS,
  INSTANCE_EXTRA_LITERALS,
  INSTANCE_LITERAL_AREA,
  INSTANCE_LITERAL_BINARIES,
  INSTANCE_STATE,
  InstanceState,
} from './tables/code-instance.js';
import { NOT_LOADED } from './tables/export-table.js';
import { NUM_CODE_INDEXES } from './tables/code-index-layout.js';
import { LoaderTables } from './tables/loader-tables.js';
import { MODULE_CURRENT, MODULE_OLD, MODULE_ON_LOAD } from './tables/module-table.js';
import { IMMEDIATE2_ATOM, IMMEDIATE2_SIZE, releaseBinaryBlock } from '@beamload/terms';
import { prepareModule, prepareSteps, type PrepareOptions } from './prepare.js';
import type { SystemTask } from './load-strategy.js';

export interface LoaderOptions {
  /** Overwrite freed code areas with CODE_POISON_WORD (test mode): a call into freed code then fails loudly. */
  poisonFreedCode?: boolean;
  /** Most export entries (default and maximum 262,144): a smaller table tests `system_limit`. */
  exportTableCapacity?: number;
}

/** Where a module stands in one code index. */
export interface ModuleStatus {
  readonly current: number; // instance header word index, 0 = none
  readonly old: number;
  readonly onLoadPending: number;
}

/**
 * loader-core's primitives over the shared tables, as one thread sees them. Create it
 * once (`Loader.create`), then `Loader.attach(arena, root, ...)` on every other thread.
 *
 * `prepare` is private work (it touches no shared table but the atom table and the
 * append-only export table). Every other mutating primitive must run with the
 * code-write permission held, and write either the active index with the system blocked
 * or the staging index between `startStaging` and `commitStaging`/`abortStaging`.
 */
export class Loader {
  private constructor(
    readonly tables: LoaderTables,
    readonly atoms: LoaderAtoms,
    readonly bifs: BifRegistry,
  ) {}

  static create(arena: LoaderArena, atoms: LoaderAtoms, bifs: BifRegistry, options: LoaderOptions = {}): Loader {
    return new Loader(LoaderTables.create(arena, options), atoms, bifs);
  }

  static attach(arena: LoaderArena, root: number, atoms: LoaderAtoms, bifs: BifRegistry): Loader {
    return new Loader(LoaderTables.attach(arena, root), atoms, bifs);
  }

  get arena(): LoaderArena {
    return this.tables.arena;
  }

  /** Word index of the root block: what another thread passes to `attach`. */
  get root(): number {
    return this.tables.root;
  }

  atomWord(name: string): number {
    return ((this.atoms.intern(name) << IMMEDIATE2_SIZE) | IMMEDIATE2_ATOM) | 0;
  }

  atomName(word: number): string {
    return this.atoms.nameOf(word >>> IMMEDIATE2_SIZE);
  }

  // ---- prepare -------------------------------------------------------------------

  /** Verifies, decodes and transforms a module (see prepare.ts); throws `LoadError('badfile')`. */
  prepare(bytes: Uint8Array, options: PrepareOptions = {}): PreparedModule {
    return prepareModule(this, bytes, options);
  }

  /** `prepare` in bounded slices: yields `prepare-slice` between them. */
  prepareInSlices(bytes: Uint8Array, options: PrepareOptions = {}): SystemTask<PreparedModule> {
    return prepareSteps(this, bytes, options);
  }

  // ---- code index ---------------------------------------------------------------

  activeIndex(): number {
    return this.tables.activeIndex();
  }

  startStaging(): number {
    return this.tables.startStaging();
  }

  commitStaging(): number {
    return this.tables.commitStaging();
  }

  /** Drops the staging: the modules installed into it are referenced nowhere again (discard them). */
  abortStaging(): void {
    this.tables.abortStaging();
  }

  // ---- install ------------------------------------------------------------------

  /**
   * Checks that `prepared` can all be installed into `codeIndex` together, changing
   * nothing: `duplicated` (a module twice), `on_load_not_allowed` (several modules and
   * one has on_load), `pending_on_load`, `not_purged` (current and old code exist).
   * Each error names every module that failed the check.
   */
  checkInstall(prepared: readonly PreparedModule[], codeIndex: number): void {
    const seen = new Set<string>();
    const duplicated = new Set<string>();
    for (const module of prepared) {
      if (seen.has(module.module)) duplicated.add(module.module);
      seen.add(module.module);
      const state = this.instance(module.instance).state;
      if (state !== InstanceState.Prepared) {
        throw new LoadError('badfile', `prepared module ${module.module} was already installed or discarded`, -1, undefined, [module.module]);
      }
    }
    if (duplicated.size > 0) throw new LoadError('duplicated', 'a module is given more than once', -1, undefined, [...duplicated]);
    if (prepared.length > 1) {
      const onLoad = prepared.filter((module) => module.hasOnLoad).map((module) => module.module);
      if (onLoad.length > 0) {
        throw new LoadError('on_load_not_allowed', 'modules with -on_load cannot be loaded atomically', -1, undefined, onLoad);
      }
    }
    const pending: string[] = [];
    const notPurged: string[] = [];
    for (const module of prepared) {
      const status = this.status(module.module, codeIndex);
      if (status.onLoadPending !== 0) pending.push(module.module);
      else if (status.current !== 0 && status.old !== 0) notPurged.push(module.module);
    }
    if (pending.length > 0) throw new LoadError('pending_on_load', 'the previous on_load has not finished', -1, undefined, pending);
    if (notPurged.length > 0) throw new LoadError('not_purged', 'old code must be purged first', -1, undefined, notPurged);
  }

  /**
   * Installs every module into `codeIndex` after `checkInstall`: current code becomes
   * old (its exports stop pointing at it), the new code becomes current and its exports
   * point at it. A module with on_load is parked instead (see `finishOnLoad`).
   * Returns the names of the modules whose on_load must run.
   */
  installAll(prepared: readonly PreparedModule[], codeIndex: number): string[] {
    this.checkInstall(prepared, codeIndex);
    // Every module entry first, all or none: a full module table (system_limit) must not
    // stop a multi-module load half-way.
    const entries = this.tables.modules.putAll(prepared.map((module) => module.moduleAtom));
    const onLoad: string[] = [];
    prepared.forEach((module, i) => {
      if (this.installChecked(module, entries[i], codeIndex)) onLoad.push(module.module);
    });
    return onLoad;
  }

  /** `installAll([prepared])`: true when the module's on_load must run before it is callable. */
  install(prepared: PreparedModule, codeIndex: number): boolean {
    return this.installAll([prepared], codeIndex).length > 0;
  }

  private installChecked(prepared: PreparedModule, entry: number, codeIndex: number): boolean {
    const modules = this.tables.modules;
    const words = this.arena.i32;
    Atomics.store(words, prepared.instance + INSTANCE_STATE, InstanceState.Installed);
    if (prepared.hasOnLoad) {
      modules.set(entry, MODULE_ON_LOAD, codeIndex, prepared.instance);
      return true;
    }
    this.makeCurrentOld(entry, codeIndex);
    this.makeCurrent(entry, prepared.instance, codeIndex);
    return false;
  }

  private makeCurrentOld(entry: number, codeIndex: number): void {
    const modules = this.tables.modules;
    const current = modules.get(entry, MODULE_CURRENT, codeIndex);
    if (current === 0) return;
    for (const { entry: exportEntry } of this.instance(current).exports()) {
      this.tables.exports.setAddress(exportEntry, codeIndex, NOT_LOADED);
    }
    modules.set(entry, MODULE_OLD, codeIndex, current);
    modules.set(entry, MODULE_CURRENT, codeIndex, 0);
  }

  private makeCurrent(entry: number, instance: number, codeIndex: number): void {
    // Export addresses first, then the module slot: a reader that finds the module
    // current finds its exports too (both are in the same, not yet active, index anyway).
    for (const { entry: exportEntry, codeAddress } of this.instance(instance).exports()) {
      this.tables.exports.setAddress(exportEntry, codeIndex, codeAddress);
    }
    this.tables.modules.set(entry, MODULE_CURRENT, codeIndex, instance);
  }

  // ---- on_load, delete, purge -----------------------------------------------------

  /**
   * Ends a pending on_load in `codeIndex`: when `ok`, the pending instance becomes
   * current (the current one, if any, old); otherwise it is unlinked and returned for
   * `freeInstance` (after thread progress) and the old state stays as it was.
   * Returns the instance that must be freed, or 0.
   */
  finishOnLoad(module: string, ok: boolean, codeIndex: number): number {
    const modules = this.tables.modules;
    const entry = modules.lookup(this.atomWord(module));
    const pending = entry < 0 ? 0 : modules.get(entry, MODULE_ON_LOAD, codeIndex);
    if (pending === 0) throw new LoadError('not_loaded', `${module} has no pending on_load`, -1, undefined, [module]);
    modules.set(entry, MODULE_ON_LOAD, codeIndex, 0);
    if (!ok) return pending;
    if (modules.get(entry, MODULE_CURRENT, codeIndex) !== 0 && modules.get(entry, MODULE_OLD, codeIndex) !== 0) {
      // checkInstall refused this case and nobody installs while on_load is pending.
      throw new LoadError('not_purged', `${module} got old code while its on_load ran`, -1, undefined, [module]);
    }
    this.makeCurrentOld(entry, codeIndex);
    this.makeCurrent(entry, pending, codeIndex);
    return 0;
  }

  /** erlang:delete_module/1 in `codeIndex`: current becomes old and its exports unloaded. */
  deleteModule(module: string, codeIndex: number): void {
    const modules = this.tables.modules;
    const entry = modules.lookup(this.atomWord(module));
    if (entry < 0 || modules.get(entry, MODULE_CURRENT, codeIndex) === 0) {
      throw new LoadError('not_loaded', `${module} has no current code`, -1, undefined, [module]);
    }
    if (modules.get(entry, MODULE_OLD, codeIndex) !== 0) {
      throw new LoadError('not_purged', `${module} must be purged before it is deleted`, -1, undefined, [module]);
    }
    this.makeCurrentOld(entry, codeIndex);
  }

  /** Unlinks the module's old code in `codeIndex`; returns the instance (free it after thread progress). */
  removeOld(module: string, codeIndex: number): number {
    const modules = this.tables.modules;
    const entry = modules.lookup(this.atomWord(module));
    const old = entry < 0 ? 0 : modules.get(entry, MODULE_OLD, codeIndex);
    if (old === 0) throw new LoadError('no_old_code', `${module} has no old code`, -1, undefined, [module]);
    modules.set(entry, MODULE_OLD, codeIndex, 0);
    return old;
  }

  /**
   * Frees an instance's code area (poisoned first in test mode), literal blocks, export
   * list and header. Only for an instance no index refers to, after thread progress, once
   * no process references its code or literals, or for one that was only prepared.
   */
  freeInstance(instance: number): void {
    const arena = this.arena;
    const words = arena.i32;
    const state = Atomics.load(words, instance + INSTANCE_STATE);
    if (state === InstanceState.Freed || (state !== InstanceState.Prepared && state !== InstanceState.Installed)) {
      throw new LoadError('not_loaded', `instance ${instance} is not a live code instance`);
    }
    const view = this.instance(instance);
    if (state === InstanceState.Installed && this.namedBy(view.moduleAtom, instance, this.activeIndex())) {
      throw new LoadError('permission', `instance ${instance} of ${this.atomName(view.moduleAtom)} is still in the active code index: unlink and commit first`);
    }
    if (this.tables.poisonFreedCode) words.fill(CODE_POISON_WORD, view.codeArea, view.codeArea + view.codeWords);
    const extras = view.extraLiteralBlocks();
    const binaries = view.literalBinaryBlocks();
    Atomics.store(words, instance + INSTANCE_STATE, InstanceState.Freed);
    arena.free(words[instance + INSTANCE_CODE_AREA]);
    if (words[instance + INSTANCE_LITERAL_AREA] !== 0) arena.free(words[instance + INSTANCE_LITERAL_AREA]);
    for (const block of extras) arena.free(block);
    if (words[instance + INSTANCE_EXTRA_LITERALS] !== 0) arena.free(words[instance + INSTANCE_EXTRA_LITERALS]);
    for (const block of binaries) releaseBinaryBlock(arena, block);
    if (words[instance + INSTANCE_LITERAL_BINARIES] !== 0) arena.free(words[instance + INSTANCE_LITERAL_BINARIES]);
    if (words[instance + INSTANCE_EXPORTS] !== 0) arena.free(words[instance + INSTANCE_EXPORTS]);
    arena.free(instance);
    this.tables.countInstance(-1);
  }

  /**
   * Frees a prepared module that will not be installed (a failed or abandoned load), or
   * one installed into a staging that was aborted. Refused while any code index names it.
   */
  discard(prepared: PreparedModule): void {
    const state = this.instance(prepared.instance).state;
    const referenced = state === InstanceState.Installed && this.isReferenced(prepared.moduleAtom, prepared.instance);
    if ((state !== InstanceState.Prepared && state !== InstanceState.Installed) || referenced) {
      throw new LoadError('badfile', `prepared module ${prepared.module} is installed or already discarded`, -1, undefined, [prepared.module]);
    }
    this.freeInstance(prepared.instance);
  }

  /** True when some slot of the module's entry, in any code index, names `instance`. */
  private isReferenced(moduleAtom: number, instance: number): boolean {
    for (let codeIndex = 0; codeIndex < NUM_CODE_INDEXES; codeIndex++) {
      if (this.namedBy(moduleAtom, instance, codeIndex)) return true;
    }
    return false;
  }

  /** True when a slot of the module's entry in `codeIndex` names `instance`. */
  private namedBy(moduleAtom: number, instance: number, codeIndex: number): boolean {
    const modules = this.tables.modules;
    const entry = modules.lookup(moduleAtom);
    if (entry < 0) return false;
    for (const slot of [MODULE_CURRENT, MODULE_OLD, MODULE_ON_LOAD] as const) {
      if (modules.get(entry, slot, codeIndex) === instance) return true;
    }
    return false;
  }

  // ---- queries (lock-free, any thread) ----------------------------------------------

  instance(header: number): CodeInstance {
    return new CodeInstance(this.arena, header);
  }

  /**
   * The PreparedModule of a prepared instance, rebuilt from its header (another thread,
   * or a table that keeps only the header's word index, can finish it). `literalWords`
   * counts the literal area only (prepare's own report adds the extra literal blocks).
   */
  preparedModule(header: number): PreparedModule {
    const instance = this.instance(header);
    return {
      module: this.atomName(instance.moduleAtom),
      moduleAtom: instance.moduleAtom,
      instance: header,
      hasOnLoad: instance.onLoadEntry !== 0,
      md5: instance.md5,
      codeWords: instance.codeWords,
      literalWords: instance.literalWords,
    };
  }

  status(module: string, codeIndex: number = this.activeIndex()): ModuleStatus {
    const modules = this.tables.modules;
    const atomIndex = this.atoms.intern(module);
    const entry = modules.lookup(((atomIndex << IMMEDIATE2_SIZE) | IMMEDIATE2_ATOM) | 0);
    if (entry < 0) return { current: 0, old: 0, onLoadPending: 0 };
    return {
      current: modules.get(entry, MODULE_CURRENT, codeIndex),
      old: modules.get(entry, MODULE_OLD, codeIndex),
      onLoadPending: modules.get(entry, MODULE_ON_LOAD, codeIndex),
    };
  }

  /** erlang:module_loaded/1: current code exists (a pending on_load instance does not count). */
  moduleLoaded(module: string): boolean {
    return this.status(module).current !== 0;
  }

  /** erlang:check_old_code/1. */
  checkOldCode(module: string): boolean {
    return this.status(module).old !== 0;
  }

  /** erlang:loaded/0: modules with current or old code in the active index. */
  loadedModules(): string[] {
    const modules = this.tables.modules;
    const codeIndex = this.activeIndex();
    const names: string[] = [];
    for (let entry = 0; entry < modules.count; entry++) {
      if (modules.get(entry, MODULE_CURRENT, codeIndex) !== 0 || modules.get(entry, MODULE_OLD, codeIndex) !== 0) {
        names.push(this.atomName(modules.moduleAtom(entry)));
      }
    }
    return names;
  }

  /** Word index of the export entry for M:F/A, created (not loaded) when absent: for apply and export funs at run time. */
  exportEntryAddress(module: string, functionName: string, arity: number): number {
    const exports = this.tables.exports;
    const entry = exports.put(this.atomWord(module), this.atomWord(functionName), arity, this.bifs.bifNumber(module, functionName, arity));
    return exports.entryAddress(entry);
  }

  /**
   * Where a call to M:F/A goes in `codeIndex`: a code address, or a BIF number. Throws
   * `undef` when neither (the caller's error-handler path: ask the code loader, then fail).
   */
  resolveCall(module: string, functionName: string, arity: number, codeIndex: number = this.activeIndex()): { address: number; bif: number } {
    const exports = this.tables.exports;
    const entry = exports.lookup(this.atomWord(module), this.atomWord(functionName), arity);
    const address = entry < 0 ? NOT_LOADED : exports.address(entry, codeIndex);
    const bif = entry < 0 ? this.bifs.bifNumber(module, functionName, arity) : exports.bif(entry);
    if (address === NOT_LOADED && bif < 0) {
      throw new LoadError('undef', `${module}:${functionName}/${arity} is not loaded`);
    }
    return { address, bif };
  }

  /** Number of code index commits so far: unchanged means no module was loaded, deleted or purged. */
  commitCount(): number {
    return this.tables.commitCount();
  }

  /**
   * The fun entry a closure of module `moduleAtom` with (`index`, `oldUniq`) calls in
   * `codeIndex`, as ERTS's fun table answers it: `cached` (the entry the closure was made
   * from) while it is still a fun entry of the module's current, old or on_load-pending
   * code for that fun; else the entry of the current code, then of the old code, for that
   * fun (a newer version with the same fun, or a closure decoded from ETF). 0 when the
   * module is loaded but none of its code has the fun (badfun), -1 when the module has no
   * current code (the caller goes to error_handler:undefined_lambda/3).
   */
  liveFunEntry(moduleAtom: number, index: number, oldUniq: number, cached: number, codeIndex: number = this.activeIndex()): number {
    const modules = this.tables.modules;
    const entry = modules.lookup(moduleAtom);
    if (entry < 0) return -1;
    const instances = [MODULE_CURRENT, MODULE_OLD, MODULE_ON_LOAD].map((slot) => modules.get(entry, slot, codeIndex)).filter((instance) => instance !== 0);
    if (cached !== 0) {
      for (const instance of instances) {
        const code = this.instance(instance);
        if (code.containsCode(cached) && code.funEntry(index, oldUniq) === cached) return cached;
      }
    }
    const current = modules.get(entry, MODULE_CURRENT, codeIndex);
    const old = modules.get(entry, MODULE_OLD, codeIndex);
    for (const instance of [current, old]) {
      if (instance === 0) continue;
      const found = this.instance(instance).funEntry(index, oldUniq);
      if (found !== 0) return found;
    }
    return current === 0 ? -1 : 0;
  }

  /** The current or old instance whose code area contains `address` in `codeIndex`, or 0. */
  instanceContaining(address: number, codeIndex: number = this.activeIndex()): number {
    const modules = this.tables.modules;
    for (let entry = 0; entry < modules.count; entry++) {
      for (const slot of [MODULE_CURRENT, MODULE_OLD, MODULE_ON_LOAD] as const) {
        const instance = modules.get(entry, slot, codeIndex);
        if (instance !== 0 && this.instance(instance).containsCode(address)) return instance;
      }
    }
    return 0;
  }
}
