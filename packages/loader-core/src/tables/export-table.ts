import type { LoaderArena } from '../memory.js';
import { AppendOnlyTable } from './append-only-table.js';
import { NUM_CODE_INDEXES } from './code-index-layout.js';

/**
 * The export table: one entry per {Module, Function, Arity} that anything has asked
 * about (a loaded module's export, an import of some module being prepared, an apply),
 * created on demand and never freed, so code may hold an entry's address forever.
 *
 * An entry has one code address per code index, as in ERTS: loaders write only the
 * staging slot (or, with the system blocked, the active one) and executing code reads
 * `ADDRESS + activeIndex` without a lock. Address 0 means "not loaded": the caller takes
 * the error-handler path (ask the code loader, then `undef`).
 *
 * Entry layout (word offsets from the entry's word index):
 */
export const EXPORT_MODULE = 0; // atom word
export const EXPORT_FUNCTION = 1; // atom word
export const EXPORT_ARITY = 2; // plain integer
/** Native BIF number from the runtime's registry, or -1: a BIF entry is callable whether its module is loaded or not. */
export const EXPORT_BIF = 3;
/** ADDRESS + codeIndex: word index of the function's first instruction in a code area, 0 = not loaded. */
export const EXPORT_ADDRESS = 4;
export const EXPORT_ENTRY_WORDS = EXPORT_ADDRESS + NUM_CODE_INDEXES + 1;
const EXPORT_KEY_WORDS = 3;

export const NOT_LOADED = 0;
export const NO_BIF = -1;

export class ExportTable {
  private constructor(
    private readonly arena: LoaderArena,
    readonly table: AppendOnlyTable,
  ) {}

  /** `capacity`: most entries (the default, 262,144, is the most it can hold; tests pass less). */
  static create(arena: LoaderArena, capacity?: number): ExportTable {
    return new ExportTable(arena, AppendOnlyTable.create(arena, EXPORT_ENTRY_WORDS, EXPORT_KEY_WORDS, capacity));
  }

  static attach(arena: LoaderArena, header: number): ExportTable {
    return new ExportTable(arena, AppendOnlyTable.attach(arena, header));
  }

  get count(): number {
    return this.table.count;
  }

  /** Entry number for the MFA, or -1 when no entry exists. Lock-free. */
  lookup(moduleAtom: number, functionAtom: number, arity: number): number {
    return this.table.lookup([moduleAtom, functionAtom, arity]);
  }

  /** Entry number for the MFA, created (not loaded, with `bif`) when absent. */
  put(moduleAtom: number, functionAtom: number, arity: number, bif: number): number {
    return this.table.insert([moduleAtom, functionAtom, arity], (address) => {
      const words = this.arena.fixedI32;
      words[address + EXPORT_BIF] = bif;
      for (let ix = 0; ix < NUM_CODE_INDEXES; ix++) words[address + EXPORT_ADDRESS + ix] = NOT_LOADED;
    });
  }

  /**
   * Entry numbers for every {M,F,A} of `mfas` ([moduleAtom, functionAtom, arity, bif]),
   * creating the absent ones: all or none. When the table cannot take every new entry it
   * throws `system_limit` having created none, so a load that fails leaves no entry.
   */
  putAll(mfas: ReadonlyArray<readonly [number, number, number, number]>): number[] {
    const keys = mfas.map(([moduleAtom, functionAtom, arity]) => [moduleAtom, functionAtom, arity]);
    return this.table.insertAll(keys, (index, address) => {
      const words = this.arena.fixedI32;
      words[address + EXPORT_BIF] = mfas[index][3];
      for (let ix = 0; ix < NUM_CODE_INDEXES; ix++) words[address + EXPORT_ADDRESS + ix] = NOT_LOADED;
    });
  }

  /** Word index of entry `entry`: what code areas embed for external calls. */
  entryAddress(entry: number): number {
    return this.table.entryAddress(entry);
  }

  // Each fixed view is fetched after entryAddress read the segment pointer (see AppendOnlyTable).
  address(entry: number, codeIndex: number): number {
    const address = this.table.entryAddress(entry);
    return Atomics.load(this.arena.fixedI32, address + EXPORT_ADDRESS + codeIndex);
  }

  setAddress(entry: number, codeIndex: number, codeAddress: number): void {
    const address = this.table.entryAddress(entry);
    Atomics.store(this.arena.fixedI32, address + EXPORT_ADDRESS + codeIndex, codeAddress);
  }

  bif(entry: number): number {
    const address = this.table.entryAddress(entry);
    return this.arena.fixedI32[address + EXPORT_BIF];
  }

  /** The MFA words of an entry. */
  key(entry: number): { moduleAtom: number; functionAtom: number; arity: number } {
    const words = this.arena.i32;
    const address = this.table.entryAddress(entry);
    return {
      moduleAtom: words[address + EXPORT_MODULE],
      functionAtom: words[address + EXPORT_FUNCTION],
      arity: words[address + EXPORT_ARITY],
    };
  }

  /** Staging: every entry's `to` slot takes the value of its `from` slot. */
  copyAddresses(from: number, to: number): void {
    const words = this.arena.i32;
    this.table.forEach((_entry, address) => {
      Atomics.store(words, address + EXPORT_ADDRESS + to, Atomics.load(words, address + EXPORT_ADDRESS + from));
    });
  }
}
