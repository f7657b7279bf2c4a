import type { LoaderArena } from '../memory.js';
import { AppendOnlyTable } from './append-only-table.js';
import { NUM_CODE_INDEXES } from './code-index-layout.js';

/**
 * The module table: one entry per module name ever loaded, never freed. Per code index it
 * names the module's current instance, its old instance, and an instance whose on_load
 * function has not finished yet (not callable, not current). Each value is the word index
 * of a code instance header (see code-instance.ts), 0 = none.
 *
 * Entry layout (word offsets from the entry's word index):
 */
export const MODULE_NAME = 0; // atom word
export const MODULE_CURRENT = 1; // + codeIndex
export const MODULE_OLD = MODULE_CURRENT + NUM_CODE_INDEXES; // + codeIndex
export const MODULE_ON_LOAD = MODULE_OLD + NUM_CODE_INDEXES; // + codeIndex
export const MODULE_ENTRY_WORDS = MODULE_ON_LOAD + NUM_CODE_INDEXES;
const MODULE_KEY_WORDS = 1;

export type ModuleSlot = typeof MODULE_CURRENT | typeof MODULE_OLD | typeof MODULE_ON_LOAD;
const SLOTS: readonly ModuleSlot[] = [MODULE_CURRENT, MODULE_OLD, MODULE_ON_LOAD];

export class ModuleTable {
  private constructor(
    private readonly arena: LoaderArena,
    readonly table: AppendOnlyTable,
  ) {}

  static create(arena: LoaderArena): ModuleTable {
    return new ModuleTable(arena, AppendOnlyTable.create(arena, MODULE_ENTRY_WORDS, MODULE_KEY_WORDS));
  }

  static attach(arena: LoaderArena, header: number): ModuleTable {
    return new ModuleTable(arena, AppendOnlyTable.attach(arena, header));
  }

  get count(): number {
    return this.table.count;
  }

  /** Entry number for the module, or -1. Lock-free. */
  lookup(moduleAtom: number): number {
    return this.table.lookup([moduleAtom]);
  }

  put(moduleAtom: number): number {
    return this.table.insert([moduleAtom], () => {});
  }

  /** Entries for every module of `moduleAtoms`, created when absent: all or none (`system_limit`). */
  putAll(moduleAtoms: readonly number[]): number[] {
    return this.table.insertAll(
      moduleAtoms.map((atom) => [atom]),
      () => {},
    );
  }

  moduleAtom(entry: number): number {
    return this.arena.i32[this.table.entryAddress(entry) + MODULE_NAME];
  }

  get(entry: number, slot: ModuleSlot, codeIndex: number): number {
    return Atomics.load(this.arena.i32, this.table.entryAddress(entry) + slot + codeIndex);
  }

  set(entry: number, slot: ModuleSlot, codeIndex: number, instance: number): void {
    Atomics.store(this.arena.i32, this.table.entryAddress(entry) + slot + codeIndex, instance);
  }

  /** The instance in `slot` of the module named by `moduleAtom` in `codeIndex`, 0 if none. */
  instanceOf(moduleAtom: number, slot: ModuleSlot, codeIndex: number): number {
    const entry = this.lookup(moduleAtom);
    return entry < 0 ? 0 : this.get(entry, slot, codeIndex);
  }

  /** Staging: every entry's `to` slots take the values of its `from` slots. */
  copySlots(from: number, to: number): void {
    const words = this.arena.i32;
    this.table.forEach((_entry, address) => {
      for (const slot of SLOTS) Atomics.store(words, address + slot + to, Atomics.load(words, address + slot + from));
    });
  }
}
