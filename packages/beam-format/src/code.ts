import { CompactReader, type Operand } from './compact/decode.js';
import { ChunkReader } from './chunks/chunk-reader.js';
import { BeamFormatError } from './errors.js';
import { OPCODES } from './opcodes.js';

/**
 * Code chunk: u32 HeaderSize, then HeaderSize bytes of header (u32 format, which must be
 * 0; u32 max opcode; u32 label count = highest label + 1; u32 function count), then the
 * instruction stream up to the chunk end: one opcode byte and `arity` compact operands
 * per instruction (a z1 list is one operand carrying its elements).
 */
export const CODE_HEADER_FIELDS_SIZE = 16;
export const CODE_FORMAT_NUMBER = 0;

export interface CodeHeader {
  readonly headerSize: number;
  readonly format: number;
  /** A floor the compiler raises on purpose so older runtimes refuse the file; not a bound. */
  readonly maxOpcode: number;
  readonly labelCount: number;
  readonly functionCount: number;
}

export interface Instruction {
  readonly opcode: number;
  readonly name: string;
  readonly operands: Operand[];
  /** Absolute offset of the opcode byte. */
  readonly offset: number;
}

export interface CodeChunk {
  readonly header: CodeHeader;
  readonly instructions: Instruction[];
}

export function decodeCodeHeader(data: Uint8Array, baseOffset: number): CodeHeader {
  const reader = new ChunkReader(data, baseOffset, 'Code');
  const headerSize = reader.u32('header size');
  if (headerSize < CODE_HEADER_FIELDS_SIZE) {
    throw reader.error('bad_chunk', `code header of ${headerSize} bytes is shorter than ${CODE_HEADER_FIELDS_SIZE}`, 0);
  }
  reader.need(headerSize, 'code header');
  const format = reader.u32('format');
  if (format !== CODE_FORMAT_NUMBER) {
    throw reader.error('unsupported', `instruction set format ${format} (only ${CODE_FORMAT_NUMBER} exists)`, 4);
  }
  return {
    headerSize,
    format,
    maxOpcode: reader.u32(),
    labelCount: reader.u32(),
    functionCount: reader.u32(),
  };
}

export function decodeCode(data: Uint8Array, baseOffset: number): CodeChunk {
  const header = decodeCodeHeader(data, baseOffset);
  const reader = new CompactReader(data, 4 + header.headerSize, baseOffset, 'Code');
  const instructions: Instruction[] = [];
  while (!reader.atEnd()) {
    const position = reader.position;
    const opcode = data[position]!;
    const info = OPCODES[opcode];
    if (info === undefined) {
      throw new BeamFormatError('unknown_opcode', `unknown opcode ${opcode}`, baseOffset + position, 'Code');
    }
    reader.position = position + 1;
    const operands: Operand[] = new Array(info.arity);
    for (let index = 0; index < info.arity; index++) operands[index] = reader.operand();
    instructions.push({ opcode, name: info.name, operands, offset: baseOffset + position });
  }
  return { header, instructions };
}
