import { allocateZeroed, type LoaderArena } from '../memory.js';
import { LoadError } from '../errors.js';
import {
  CODE_INDEX_ACTIVE,
  CODE_INDEX_COMMITS,
  CODE_INDEX_STAGING,
  CODE_INDEX_STAGING_OPEN,
  CODE_INDEX_WORDS,
  NUM_CODE_INDEXES,
} from './code-index-layout.js';
import { ExportTable } from './export-table.js';
import { ModuleTable } from './module-table.js';

/**
 * The root of loader-core's shared state: the code index words and where the export
 * and module tables are. One block in the arena; a thread that has the arena and this
 * block's word index (`root`) attaches to the very same tables.
 *
 * Root block layout (word offsets from `root`):
 *   0..3  the code index (code-index-layout.ts offsets)
 */
const ROOT_CODE_INDEX = 0;
const ROOT_EXPORT_TABLE = CODE_INDEX_WORDS; // header word index of the export table
const ROOT_MODULE_TABLE = ROOT_EXPORT_TABLE + 1; // header word index of the module table
const ROOT_LOAD_SERIAL = ROOT_MODULE_TABLE + 1; // last serial given to a prepared instance (Atomics)
const ROOT_POISON_FREED_CODE = ROOT_LOAD_SERIAL + 1; // 1 = overwrite freed code areas (test mode)
const ROOT_LIVE_INSTANCES = ROOT_POISON_FREED_CODE + 1; // prepared or installed instances not yet freed (Atomics)
const ROOT_WORDS = ROOT_LIVE_INSTANCES + 1;

export class LoaderTables {
  readonly exports: ExportTable;
  readonly modules: ModuleTable;

  private constructor(
    readonly arena: LoaderArena,
    readonly root: number,
  ) {
    const words = arena.i32;
    this.exports = ExportTable.attach(arena, words[root + ROOT_EXPORT_TABLE]);
    this.modules = ModuleTable.attach(arena, words[root + ROOT_MODULE_TABLE]);
  }

  static create(arena: LoaderArena, options: { poisonFreedCode?: boolean; exportTableCapacity?: number } = {}): LoaderTables {
    const root = allocateZeroed(arena, ROOT_WORDS, 'table');
    const exports = ExportTable.create(arena, options.exportTableCapacity);
    const modules = ModuleTable.create(arena);
    const words = arena.i32;
    words[root + ROOT_CODE_INDEX + CODE_INDEX_ACTIVE] = 0;
    words[root + ROOT_CODE_INDEX + CODE_INDEX_STAGING] = 1;
    words[root + ROOT_EXPORT_TABLE] = exports.table.header;
    words[root + ROOT_MODULE_TABLE] = modules.table.header;
    words[root + ROOT_POISON_FREED_CODE] = options.poisonFreedCode ? 1 : 0;
    return new LoaderTables(arena, root);
  }

  static attach(arena: LoaderArena, root: number): LoaderTables {
    return new LoaderTables(arena, root);
  }

  get poisonFreedCode(): boolean {
    return this.arena.i32[this.root + ROOT_POISON_FREED_CODE] === 1;
  }

  /** Word index of the active code index word: schedulers read it with Atomics.load at their safe points. */
  get activeIndexAddress(): number {
    return this.root + ROOT_CODE_INDEX + CODE_INDEX_ACTIVE;
  }

  activeIndex(): number {
    return Atomics.load(this.arena.i32, this.root + ROOT_CODE_INDEX + CODE_INDEX_ACTIVE);
  }

  stagingIndex(): number {
    return Atomics.load(this.arena.i32, this.root + ROOT_CODE_INDEX + CODE_INDEX_STAGING);
  }

  stagingOpen(): boolean {
    return Atomics.load(this.arena.i32, this.root + ROOT_CODE_INDEX + CODE_INDEX_STAGING_OPEN) === 1;
  }

  commitCount(): number {
    return Atomics.load(this.arena.i32, this.root + ROOT_CODE_INDEX + CODE_INDEX_COMMITS);
  }

  /**
   * Opens a staging: the staging copies of the export and module tables take the active
   * ones' values, and from now on a loader writes only the staging index. Returns it.
   */
  startStaging(): number {
    const words = this.arena.i32;
    const base = this.root + ROOT_CODE_INDEX;
    if (Atomics.compareExchange(words, base + CODE_INDEX_STAGING_OPEN, 0, 1) !== 0) {
      throw new LoadError('permission', 'a staging is already open: two writers without the code-write permission');
    }
    const active = Atomics.load(words, base + CODE_INDEX_ACTIVE);
    const staging = Atomics.load(words, base + CODE_INDEX_STAGING);
    this.exports.copyAddresses(active, staging);
    this.modules.copySlots(active, staging);
    return staging;
  }

  /**
   * Makes the staging index active with one atomic store. Schedulers switch at their
   * next safe point; the loader must wait for thread progress before it opens the next
   * staging (which reuses the index that was active until now + 2 commits).
   */
  commitStaging(): number {
    const words = this.arena.i32;
    const base = this.root + ROOT_CODE_INDEX;
    if (Atomics.load(words, base + CODE_INDEX_STAGING_OPEN) !== 1) {
      throw new LoadError('permission', 'commit without an open staging');
    }
    const staging = Atomics.load(words, base + CODE_INDEX_STAGING);
    Atomics.store(words, base + CODE_INDEX_STAGING, (staging + 1) % NUM_CODE_INDEXES);
    Atomics.store(words, base + CODE_INDEX_ACTIVE, staging);
    Atomics.add(words, base + CODE_INDEX_COMMITS, 1);
    Atomics.store(words, base + CODE_INDEX_STAGING_OPEN, 0);
    return staging;
  }

  /**
   * Drops what was written to the staging index (the active index never saw it): the
   * staging copies take the active values again, so no table names an aborted instance.
   */
  abortStaging(): void {
    const words = this.arena.i32;
    const base = this.root + ROOT_CODE_INDEX;
    if (Atomics.load(words, base + CODE_INDEX_STAGING_OPEN) !== 1) {
      throw new LoadError('permission', 'abort without an open staging');
    }
    const active = Atomics.load(words, base + CODE_INDEX_ACTIVE);
    const staging = Atomics.load(words, base + CODE_INDEX_STAGING);
    this.exports.copyAddresses(active, staging);
    this.modules.copySlots(active, staging);
    Atomics.store(words, base + CODE_INDEX_STAGING_OPEN, 0);
  }

  nextLoadSerial(): number {
    return Atomics.add(this.arena.i32, this.root + ROOT_LOAD_SERIAL, 1) + 1;
  }

  liveInstances(): number {
    return Atomics.load(this.arena.i32, this.root + ROOT_LIVE_INSTANCES);
  }

  countInstance(delta: 1 | -1): void {
    Atomics.add(this.arena.i32, this.root + ROOT_LIVE_INSTANCES, delta);
  }

  /** Words held by the tables themselves (never freed: entries live forever). */
  footprintWords(): number {
    return ROOT_WORDS + this.exports.table.footprintWords() + this.modules.table.footprintWords();
  }
}
