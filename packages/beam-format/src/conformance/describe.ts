import { readBeam } from '../beam-file.js';
import { isTypeTable } from '../chunks/types.js';
import { termToTypedJson, type TypedJson } from '../disasm/typed-json.js';
import { groupAttributes, sortFunctionTable } from './beam-lib-view.js';

/**
 * What this library reads from a `.beam` file, in the shape the OTP oracle escript
 * writes for the same file (see scripts/otp-oracle.escript), field for field.
 */
export interface BeamDescription {
  module: string;
  atoms: string[];
  imports: Array<[string, string, number]>;
  exports: Array<[string, number, number]>;
  locals: Array<[string, number, number]> | null;
  attributes: TypedJson | null;
  compile_info: TypedJson | null;
  literals: TypedJson[] | null;
  /** Entries of a v1 Type chunk (the only version OTP 25's beam_disasm reads), else null. */
  types: number | null;
  functions: Array<[string, number, number, TypedJson[]]>;
}

export function describeBeam(bytes: Uint8Array): BeamDescription {
  const beam = readBeam(bytes);
  const table = (entries: ReturnType<typeof sortFunctionTable>): Array<[string, number, number]> =>
    entries.map((entry) => [entry.name, entry.arity, entry.label]);
  const attributes = beam.attributes;
  const compileInfo = beam.compileInfo;
  const types = beam.types;
  const locals = beam.locals;
  return {
    module: beam.module,
    atoms: beam.atoms,
    imports: beam.imports.map((entry) => [entry.module, entry.name, entry.arity]),
    exports: table(sortFunctionTable(beam.exports)),
    locals: locals === null ? null : table(sortFunctionTable(locals)),
    attributes: attributes === null ? null : termToTypedJson(groupAttributes(attributes)),
    compile_info: compileInfo === null ? null : termToTypedJson(compileInfo),
    literals: beam.literals?.all().map(termToTypedJson) ?? null,
    types: types !== null && isTypeTable(types) && types.version === 1 ? types.entries.length : null,
    functions: beam.disassemble().map((fn) => [fn.name, fn.arity, fn.entry, fn.code.map(termToTypedJson)]),
  };
}
