import type { FunctionTableEntry } from '../chunks/function-table.js';
import type { FunEntry } from '../chunks/funs.js';
import type { Import } from '../chunks/imports.js';
import { BeamFormatError } from '../errors.js';
import { ByteSink } from './byte-sink.js';

/**
 * The fixed-width tables (ImpT, ExpT, LocT, FunT): u32 N, then N rows of u32 fields,
 * where atoms are written as their 1-based index in the atom table.
 */
export class AtomIndex {
  private readonly indexes = new Map<string, number>();

  constructor(atoms: readonly string[]) {
    atoms.forEach((name, position) => {
      if (!this.indexes.has(name)) this.indexes.set(name, position + 1);
    });
  }

  of(name: string, chunk: string): number {
    const index = this.indexes.get(name);
    if (index === undefined) throw new BeamFormatError('bad_index', `atom '${name}' is not in the atom table`, 0, chunk);
    return index;
  }
}

/** ImpT data. */
export function encodeImportTable(imports: readonly Import[], atoms: AtomIndex): Uint8Array {
  const sink = new ByteSink(4 + imports.length * 12);
  sink.u32(imports.length);
  for (const entry of imports) {
    sink.u32(atoms.of(entry.module, 'ImpT'));
    sink.u32(atoms.of(entry.name, 'ImpT'));
    sink.u32(entry.arity);
  }
  return sink.toBytes();
}

/** ExpT or LocT data. */
export function encodeFunctionTable(entries: readonly FunctionTableEntry[], atoms: AtomIndex, chunk: 'ExpT' | 'LocT'): Uint8Array {
  const sink = new ByteSink(4 + entries.length * 12);
  sink.u32(entries.length);
  for (const entry of entries) {
    sink.u32(atoms.of(entry.name, chunk));
    sink.u32(entry.arity);
    sink.u32(entry.label);
  }
  return sink.toBytes();
}

/** FunT data. */
export function encodeFunTable(funs: readonly FunEntry[], atoms: AtomIndex): Uint8Array {
  const sink = new ByteSink(4 + funs.length * 24);
  sink.u32(funs.length);
  for (const fun of funs) {
    sink.u32(atoms.of(fun.name, 'FunT'));
    sink.u32(fun.arity);
    sink.u32(fun.label);
    sink.u32(fun.index);
    sink.u32(fun.numFree);
    sink.u32(fun.oldUniq);
  }
  return sink.toBytes();
}
