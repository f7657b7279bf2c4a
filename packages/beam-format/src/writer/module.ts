import type { BeamFile } from '../beam-file.js';
import type { FunctionTableEntry } from '../chunks/function-table.js';
import type { FunEntry } from '../chunks/funs.js';
import type { Import } from '../chunks/imports.js';
import type { LineTable } from '../chunks/lines.js';
import { BeamFormatError } from '../errors.js';
import { encodeEtf } from '../etf/encode.js';
import type { Term } from '../term/values.js';
import { encodeAtomChunk } from './atoms.js';
import { encodeCodeChunk, type CodeHeaderFields, type EncodableInstruction } from './code.js';
import { rewriteBeam, type WriteBeamOptions } from './container.js';
import { encodeLineChunk } from './lines.js';
import { encodeLiteralChunk } from './literals.js';
import { AtomIndex, encodeFunTable, encodeFunctionTable, encodeImportTable } from './tables.js';

/**
 * Decoded parts of a module to write in place of the stored chunks. A part left out is
 * re-emitted exactly as stored; `null` drops an optional chunk.
 *
 * Atom indexes are not renumbered: `atoms` may append atoms (for new imports, exports
 * or operands), but the atoms already there must keep their positions, since the code
 * and the tables that are not rewritten refer to them by index.
 */
export interface ModuleChanges {
  atoms?: readonly string[];
  code?: { readonly header: CodeHeaderFields; readonly instructions: Iterable<EncodableInstruction> };
  strings?: Uint8Array;
  imports?: readonly Import[];
  exports?: readonly FunctionTableEntry[];
  locals?: readonly FunctionTableEntry[] | null;
  funs?: readonly FunEntry[] | null;
  /** Terms, or ETF bytes to store as they are (`{ etf }`). */
  literals?: ReadonlyArray<Term | { etf: Uint8Array }> | null;
  lines?: Omit<LineTable, 'version'> | null;
  attributes?: Term | null;
  compileInfo?: Term | null;
}

/**
 * Writes a module read with `readBeam` back to `.beam` bytes, encoding the given parts
 * and keeping every other chunk as stored. With no changes the output is
 * byte-identical to the input.
 */
export function writeModule(file: BeamFile, changes: ModuleChanges = {}, options: WriteBeamOptions = {}): Uint8Array {
  const atoms = changes.atoms ?? file.atoms;
  if (changes.atoms !== undefined) {
    const old = file.atoms;
    for (let i = 0; i < old.length; i++) {
      if (atoms[i] !== old[i]) {
        throw new BeamFormatError('bad_chunk', `atom ${i + 1} changed from '${old[i]}' to '${atoms[i]}'; atoms may only be appended`, 0, 'AtU8');
      }
    }
  }
  const index = new AtomIndex(atoms);
  const replaced: Record<string, Uint8Array | null> = {};
  const atomChunk = file.chunk('AtU8') !== undefined ? 'AtU8' : 'Atom';
  if (changes.atoms !== undefined) {
    const stored = file.chunk(atomChunk)!.data;
    const long = stored.length >= 4 && new DataView(stored.buffer, stored.byteOffset).getInt32(0) < 0;
    replaced[atomChunk] = encodeAtomChunk(atoms, { form: long ? 'long' : undefined, chunk: atomChunk });
  }
  if (changes.code !== undefined) replaced.Code = encodeCodeChunk(changes.code.header, changes.code.instructions);
  if (changes.strings !== undefined) replaced.StrT = changes.strings;
  if (changes.imports !== undefined) replaced.ImpT = encodeImportTable(changes.imports, index);
  if (changes.exports !== undefined) replaced.ExpT = encodeFunctionTable(changes.exports, index, 'ExpT');
  if (changes.locals !== undefined) replaced.LocT = changes.locals === null ? null : encodeFunctionTable(changes.locals, index, 'LocT');
  if (changes.funs !== undefined) replaced.FunT = changes.funs === null ? null : encodeFunTable(changes.funs, index);
  if (changes.literals !== undefined) {
    replaced.LitT =
      changes.literals === null ? null : encodeLiteralChunk(changes.literals, { compressed: file.literals?.compressed ?? true });
  }
  if (changes.lines !== undefined) replaced.Line = changes.lines === null ? null : encodeLineChunk(changes.lines);
  if (changes.attributes !== undefined) replaced.Attr = changes.attributes === null ? null : encodeEtf(changes.attributes);
  if (changes.compileInfo !== undefined) replaced.CInf = changes.compileInfo === null ? null : encodeEtf(changes.compileInfo);

  // Chunks the file does not have yet are appended after the stored ones.
  return rewriteBeam(file.container, replaced, options);
}
