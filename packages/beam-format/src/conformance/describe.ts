import { createHash } from 'node:crypto';
import { readBeam, type BeamFile } from '../beam-file.js';
import { isLineTable } from '../chunks/lines.js';
import type { Operand } from '../compact/decode.js';
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
  meta: TypedJson | null;
  /** MD5 (uppercase hex) of the Dbgi chunk's term as typed JSON text, or null. */
  dbgi_md5: string | null;
  /**
   * A v1 Type chunk (the only version OTP 25's beam_disasm reads) as [bits, min, max]
   * with min/max as unsigned 64-bit decimal strings and "no range" as 0 .. 2^64-1, as
   * beam_types:decode_ext reads them; else null.
   */
  types: Array<[number, string, string]> | null;
  functions: Array<[string, number, number, TypedJson[]]>;
  /**
   * beam_lib exposes neither Line nor Type contents, so these are checked against the
   * code instead: the Line header's line-instruction count, every line operand naming
   * an item, every typed register naming a Type entry. Each problem is one message.
   */
  consistency: string[];
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
    meta: beam.meta === null ? null : termToTypedJson(beam.meta),
    dbgi_md5: dbgiDigest(beam),
    types:
      types !== null && isTypeTable(types) && types.version === 1
        ? types.entries.map((entry) => [entry.bits, unsigned64(entry.min ?? 0n), unsigned64(entry.max ?? -1n)])
        : null,
    functions: beam.disassemble().map((fn) => [fn.name, fn.arity, fn.entry, fn.code.map(termToTypedJson)]),
    consistency: checkLinesAndTypes(beam),
  };
}

function checkLinesAndTypes(beam: BeamFile): string[] {
  const problems: string[] = [];
  const instructions = beam.code.instructions;
  const lines = beam.lines;
  if (lines !== null && isLineTable(lines)) {
    const lineInstructions = instructions.filter((instruction) => instruction.name === 'line');
    if (lineInstructions.length !== lines.lineInstructionCount) {
      problems.push(`Line says ${lines.lineInstructionCount} line instructions, Code has ${lineInstructions.length}`);
    }
    for (const instruction of lineInstructions) {
      const item = instruction.operands[0]!;
      if (item.kind !== 'u' || typeof item.value !== 'number' || item.value >= lines.items.length) {
        problems.push(`line operand at byte ${instruction.offset} names no Line item`);
        break;
      }
    }
  }
  const types = beam.types;
  const typeCount = types !== null && isTypeTable(types) ? types.entries.length : 0;
  const visit = (operand: Operand, offset: number): void => {
    if (operand.kind === 'tr' && operand.typeIndex >= typeCount) problems.push(`typed register at byte ${offset} names no Type entry`);
    if (operand.kind === 'list') for (const item of operand.value) visit(item, offset);
  };
  for (const instruction of instructions) for (const operand of instruction.operands) visit(operand, instruction.offset);
  return problems;
}

function unsigned64(value: bigint): string {
  return BigInt.asUintN(64, value).toString();
}

function dbgiDigest(beam: BeamFile): string | null {
  const chunk = beam.etfChunk('Dbgi');
  if (chunk === undefined) return null;
  return createHash('md5').update(JSON.stringify(termToTypedJson(chunk.decode()))).digest('hex').toUpperCase();
}
